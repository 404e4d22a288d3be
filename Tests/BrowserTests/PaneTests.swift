import BrowserDriver
import Foundation
import HyperJSON
import HyperModel
import HyperStore
import Testing
import TestSupport
import VisionCore
import VisionUI

/// The cache, search, storage and queue panes driven like a user (formerly scripts/tui-e2e.sh).
@Suite("browser: cache, search, storage and queue panes", .serialized) @MainActor
struct PaneTests {
    @Test func aPatternNarrowsTheCacheKeys() async throws {
        try await BrowserFixture.withBrowser { nano, app in
            try await app.press("2").waitIdle()
            let keys = try #require(try await nano.client().cache.query(pattern: "*")["docs"]?.arrayValue?.compactMap { $0["key"]?.stringValue })
            let first = try #require(keys.sorted().first)
            #expect(app.screen.contains(first) && app.screen.contains("2 Cache \(keys.count)"))
            let prefix = String(first.prefix { $0 != "-" })
            try await app.press("/").type("\(prefix)-*").press(.enter).waitIdle()
            #expect(app.screen.contains("pattern \(prefix)-*"))
            #expect(app.state.cache.entries.map(\.key) == keys.filter { $0.hasPrefix(prefix + "-") }.sorted())
        }
    }

    @Test func aSearchListsItsMatches() async throws {
        try await BrowserFixture.withBrowser { nano, app in
            let movie = try await nano.client().data.query(DataQuery(selector: ["type": "movie"], limit: 1))
            let word = try #require(movie["docs"]?[0]?["title"]?.stringValue?.split(separator: " ").first.map(String.init))
            try await app.press("3/").type(word).press(.enter).waitIdle()
            #expect(!app.state.search.matches.isEmpty && app.screen.contains(word))
            try await app.press(.enter).waitIdle()
            #expect(app.state.focus == .detail, "Enter opens the stored document")
        }
    }

    /// `D` downloads the object under the cursor; the bytes are the server's. Enter previews it.
    @Test func anObjectIsDownloadedAndPreviewed() async throws {
        try await BrowserFixture.withBrowser { nano, app in
            try await app.press("4").waitIdle()
            let objects = try await nano.client().storage.list()["objects"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
            let object = try #require(objects.filter { !$0.contains("/") }.sorted().last)
            let target = nano.root + "/got-" + object
            app.press("GD")
            #expect(app.screen.contains("download: \(nano.downloads)/\(object)"))
            try await app.press(.ctrl("u")).type(target).press(.enter).waitIdle()
            #expect(app.screen.contains("downloaded"))
            let expected = nano.root + "/expected"
            _ = try await nano.client().storage.download(name: object, toFile: expected)
            #expect(FileManager.default.contents(atPath: target) == FileManager.default.contents(atPath: expected))
            try await app.press(.enter).waitIdle()
            #expect(app.state.focus == .detail && app.state.storage.detail.title == object)
        }
    }

    /// `o NAME` opens an object of another folder with the cursor on it; `D` then downloads that
    /// object (it took the one under the old cursor), to the downloads folder, and says the full
    /// path it wrote.
    @Test func anObjectOpenedByNameIsTheOneDownloadedToTheDownloadsFolder() async throws {
        try await BrowserFixture.withBrowser { nano, app in
            try await app.press("4").waitIdle()
            #expect(app.selectedRow?.contains("▸") == true, "the cursor starts on a folder")
            try await app.press("o").type("images/logo.png").press(.enter).waitIdle()
            #expect(app.state.storage.detail.title == "images/logo.png")
            // The detail has the focus: the list's cursor is the inactive one, on the object.
            #expect(app.rows(with: [.cursorInactive]).first?.hasPrefix("logo.png") == true, "\(app.screen)")
            app.press("D")
            #expect(app.screen.contains("download: \(nano.downloads)/logo.png"))
            try await app.press(.enter).waitIdle()
            let target = nano.downloads + "/logo.png"
            let expected = nano.root + "/expected.png"
            _ = try await nano.client().storage.download(name: "images/logo.png", toFile: expected)
            #expect(FileManager.default.contents(atPath: target) == FileManager.default.contents(atPath: expected))
            let size = try #require(FileManager.default.contents(atPath: expected)?.count)
            #expect(app.screen.contains("downloaded \(Format.bytes(Int64(size))) to \(target)"), "\(app.screen)")
            // Its size is said once above the message line: in its row, not again in the detail.
            let panes = app.lines.dropLast().joined(separator: "\n")
            #expect(panes.components(separatedBy: " \(Format.bytes(Int64(size))) ").count == 2, "\(app.screen)")

            // Again: the file there is the user's now. It stays; the download takes the next free name.
            try FileManager.default.removeItem(atPath: target)
            #expect(FileManager.default.createFile(atPath: target, contents: Data("mine".utf8)))
            app.press("D")
            try await app.press(.enter).waitIdle()
            let second = nano.downloads + "/logo (1).png"
            #expect(FileManager.default.contents(atPath: target) == Data("mine".utf8), "not replaced")
            #expect(FileManager.default.contents(atPath: second) == FileManager.default.contents(atPath: expected))
            #expect(app.state.message?.text == "downloaded \(Format.bytes(Int64(size))) to \(second) (logo.png was there: kept)")
            #expect(app.screen.contains("logo (1).png (logo.png was there:"), "\(app.screen)")
        }
    }

    /// `U` uploads a file, journaled like every write.
    @Test func anUploadIsStoredAndJournaled() async throws {
        try await BrowserFixture.withBrowser { nano, app in
            let file = nano.root + "/upload-me.txt"
            try Data("uploaded by the driver: 日本語 ✓\n".utf8).write(to: URL(fileURLWithPath: file))
            try await app.press("4").waitIdle()
            app.press("U")
            #expect(app.screen.contains("upload:"))
            try await app.type(file).press(.enter).waitIdle()
            #expect(app.screen.contains("uploaded") && app.screen.contains("upload-me.txt"), "\(app.screen)")
            let copy = nano.root + "/copy"
            _ = try await nano.client().storage.download(name: "upload-me.txt", toFile: copy)
            #expect(FileManager.default.contents(atPath: copy) == FileManager.default.contents(atPath: file))
            let entries = try #require(try? Journal(path: nano.paths.store.journalFile).list())
            #expect(entries.contains { $0.action == .storageUpload && $0.target == "upload-me.txt" && $0.outcome == .ok })

            // The same name again: the object there is replaced only after `y`.
            try Data("second version\n".utf8).write(to: URL(fileURLWithPath: file))
            try await app.press("r").waitIdle()
            app.press("U")
            try await app.type(file).press(.enter).waitIdle()
            #expect(app.screen.contains("Replace storage upload-me.txt?"), "\(app.screen)")
            #expect(app.screen.contains("cannot be undone"), "\(app.screen)")
            try await app.press("n").waitIdle()
            #expect(app.screen.contains("nothing uploaded: upload-me.txt is as it was"), "\(app.screen)")
            _ = try await nano.client().storage.download(name: "upload-me.txt", toFile: copy + "-kept")
            #expect(FileManager.default.contents(atPath: copy + "-kept") == Data("uploaded by the driver: 日本語 ✓\n".utf8))
            app.press("U")
            try await app.type(file).press(.enter).waitIdle()
            try await app.press("y").waitIdle()
            _ = try await nano.client().storage.download(name: "upload-me.txt", toFile: copy + "-replaced")
            #expect(FileManager.default.contents(atPath: copy + "-replaced") == Data("second version\n".utf8), "\(app.screen)")
        }
    }

    /// `R` retries the errored job under the cursor, journaled; `w` watches the queue and shows a
    /// new failure without a key press.
    @Test func anErroredJobIsRetriedAndWatchShowsNewFailures() async throws {
        try await BrowserFixture.with { nano in
            let client = try nano.client()
            // The demo queue's target fails some deliveries: wait until the server has one.
            #expect(await eventually { ((try? await client.queue.errors()["jobs"]?.arrayValue?.count) ?? 0) > 0 })
            let app = try await nano.open()
            try await app.press("5").waitIdle()
            let errors = app.state.queue.errors.count
            #expect(errors > 0 && app.screen.contains("5 Queue ✗\(errors)"))
            let job = try #require(app.state.queue.itemID(at: 0))
            try await app.press("R").waitIdle()
            #expect(app.screen.contains("done: retry queue \(job)"), "\(app.screen)")
            let entries = try Journal(path: nano.paths.store.journalFile).list()
            #expect(entries.contains { $0.action == .queueRetry && $0.outcome == .ok })

            try await app.press("w").waitIdle()
            #expect(app.screen.contains("watching 2s"))
            let before = app.state.queue.errors.count
            _ = try await client.queue.enqueue(["type": "E2E_WATCH"])
            #expect(await eventually { ((try? await client.queue.errors()["jobs"]?.arrayValue?.count) ?? 0) > before })
            try await app.advance(seconds: 2.5).waitIdle()
            #expect(app.screen.contains("E2E_WATCH") || app.state.queue.errors.count > before, "\(app.screen)")
            app.press("w")
            #expect(!app.screen.contains("watching 2s"))
        }
    }
}
