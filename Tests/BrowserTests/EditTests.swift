import BrowserDriver
import Foundation
import HyperClient
import HyperJSON
import HyperStore
import Testing
import VisionCore

/// Edits, deletes, undo, the journal, drafts and read-only, driven like a user with a scripted
/// editor, against nano with a secret (formerly scripts/tui-edit-e2e.sh).
@Suite("browser: edits", .serialized) @MainActor
struct EditTests {
    static let secret = "s3cret-never-stored-8812"

    func open(_ nano: BrowserFixture, readOnlyReason: String? = nil) async throws -> (BrowserApp, first: String, second: String) {
        let app = try await nano.open(readOnlyReason: readOnlyReason)
        let ids = app.state.data.docs.prefix(2).compactMap { $0["_id"]?.stringValue }
        return (app, ids[0], ids[1])
    }

    @Test func anEditIsConfirmedAsADiffAndWritten() async throws {
        try await BrowserFixture.with(secret: Self.secret) { nano in
            let (app, first, _) = try await open(nano)
            var mode = 0
            app.whenEditing { path in
                mode = Int((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? 0)
                try DraftFile.edit(path) { $0["year"] = 1234 }
            }
            try await app.press("e").waitIdle()
            #expect(mode == 0o600, "the draft is owner-only")
            #expect(app.screen.contains("Write data \(first)?") && app.screen.contains("year"))
            #expect(app.terminal.suspensions == 1, "the editor had the terminal")
            try await app.press("y").waitIdle()
            #expect(app.screen.contains("done: update data \(first)"))
            #expect(try await nano.client().data.get(first)["year"] == 1234)
        }
    }

    @Test func invalidJSONReopensTheEditorWithTheErrorAndTheTextKept() async throws {
        try await BrowserFixture.with(secret: Self.secret) { nano in
            let (app, first, _) = try await open(nano)
            var header = ""
            app.whenEditing({ path in
                var text = try String(contentsOfFile: path, encoding: .utf8)
                text = text.replacingOccurrences(of: "{", with: "{\n  \"marker\": \"KEEPME\",", options: [], range: text.range(of: "{"))
                try DraftFile.write(String(text.dropLast(2)), to: path)   // the closing brace is gone
            }, { path in
                // Reopened at once on the same draft, the error above the user's text.
                header = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").first.map(String.init) ?? ""
                #expect(try DraftFile.body(path).contains("KEEPME"), "the user's text is kept")
                try DraftFile.write(try DraftFile.body(path) + "}\n", to: path)
                try DraftFile.edit(path) { $0["year"] = 4321 }
            })
            try await app.press("e").waitIdle()
            #expect(app.terminal.suspensions == 2)
            #expect(header.hasPrefix("// hyper-vision: invalid JSON") && header.contains("line"), "\(header)")
            try await app.press("y").waitIdle()
            let stored = try await nano.client().data.get(first)
            #expect(stored["year"] == 4321 && stored["marker"] == "KEEPME")
        }
    }

    @Test func anUnchangedEditWritesNothing() async throws {
        try await BrowserFixture.with(secret: Self.secret) { nano in
            let (app, _, _) = try await open(nano)
            try await app.press("e").waitIdle()
            #expect(app.screen.contains("no changes"))
            #expect(try Drafts(directory: nano.paths.store.draftsDirectory).list().isEmpty)
        }
    }

    @Test func aDeleteNamesTheIdAndUndoRestoresItByteForByte() async throws {
        try await BrowserFixture.with(secret: Self.secret) { nano in
            let (app, _, second) = try await open(nano)
            let before = try await nano.client().data.get(second)
            app.press("jd")
            #expect(app.screen.contains("Delete data \(second)?"))
            try await app.press("y").waitIdle()
            #expect(app.screen.contains("done: delete data \(second)"))
            await #expect(throws: HyperError.self) { try await nano.client().data.get(second) }
            try await app.press("u").waitIdle()
            #expect(app.screen.contains("undid deleted document \(second)"))
            #expect(try await nano.client().data.get(second).compact == before.compact)
        }
    }

    @Test func aAddsADocumentFromTheTemplate() async throws {
        try await BrowserFixture.with(secret: Self.secret) { nano in
            let (app, _, _) = try await open(nano)
            app.whenEditing { path in try DraftFile.edit(path) { $0["_id"] = "zz-added" } }
            try await app.press("a").waitIdle()
            #expect(app.screen.contains("Write a new data entry?"))
            try await app.press("y").waitIdle()
            #expect(app.screen.contains("done: add data zz-added"))
            #expect(try await nano.client().data.get("zz-added")["_id"] == "zz-added")
        }
    }

    @Test func cacheValuesAreEditedDeletedAndBroughtBack() async throws {
        try await BrowserFixture.with(secret: Self.secret) { nano in
            let (app, _, _) = try await open(nano)
            let client = try nano.client()
            try await app.press("2").waitIdle()
            let key = try #require(app.state.cache.entries.first?.key)
            let value = try await client.cache.get(key)
            app.whenEditing { path in try DraftFile.write(#"{"edited": "from the browser"}"#, to: path) }
            try await app.press("e").waitIdle().press("y").waitIdle()
            #expect(app.screen.contains("done: update cache \(key)"))
            #expect(try await client.cache.get(key) == ["edited": "from the browser"])
            try await app.press("u").waitIdle()
            #expect(try await client.cache.get(key) == value)
            try await app.press("d").press("y").waitIdle()
            #expect(app.screen.contains("done: delete cache \(key)"))
            try await app.press("u").waitIdle()
            #expect(app.screen.contains("undid removed cache key \(key)"))
            #expect(try await client.cache.get(key) == value)
        }
    }

    /// The search pane's stored document is edited and re-indexed; `:journal` lists the writes
    /// and `u` there undoes the one under the cursor.
    @Test func aSearchDocumentIsEditedAndTheJournalUndoesIt() async throws {
        try await BrowserFixture.with(secret: Self.secret) { nano in
            let (app, _, _) = try await open(nano)
            try await app.press("3/").type("movie").press(.enter).waitIdle()
            let match = try #require(app.state.search.matches.first.map(AppState.matchID))
            app.whenEditing { path in try DraftFile.edit(path) { $0["title"] = "Edited from the browser" } }
            try await app.press("e").waitIdle().press("y").waitIdle()
            #expect(app.screen.contains("done: update search \(match)"))
            #expect(try await nano.client().search.get(match).compact.contains("Edited from the browser"))
            try await app.press(":").type("journal").press(.enter).waitIdle()
            #expect(app.screen.contains("Journal: writes made from this tool"))
            #expect(app.screen.contains("indexed search entry \(match)"))
            try await app.press("u").waitIdle()
            #expect(app.screen.contains("undid indexed search entry \(match)"))
            #expect(try await !nano.client().search.get(match).compact.contains("Edited from the browser"))
        }
    }

    @Test func aStorageObjectIsDeletedAfterItIsNamedAndJournaled() async throws {
        try await BrowserFixture.with(secret: Self.secret) { nano in
            let (app, _, _) = try await open(nano)
            try await app.press("4").waitIdle()
            app.press("Gd")
            #expect(app.screen.contains("Delete storage readme.txt?") && app.screen.contains("this cannot be undone"))
            try await app.press("y").waitIdle()
            #expect(app.screen.contains("done: delete storage readme.txt"))
            let entries = try Journal(path: nano.paths.store.journalFile).list()
            #expect(entries.contains { $0.action == .storageRemove && $0.target == "readme.txt" })
        }
    }

    /// A draft left by a browser that died with the editor open is offered on the next start.
    @Test func aDraftLeftByAnEarlierRunIsOfferedAndDiscarded() async throws {
        try await BrowserFixture.with(secret: Self.secret) { nano in
            let (app, first, _) = try await open(nano)
            app.whenEditing { _ in throw CancellationError() }   // the editor never came back
            try await app.press("e").waitIdle()
            let next = try await nano.open()
            #expect(next.screen.contains("1 draft waiting"))
            try await next.press(":").type("drafts").press(.enter).waitIdle()
            #expect(next.screen.contains("Drafts not written yet") && next.screen.contains("data \(first)"))
            try await next.press("x").waitIdle()
            #expect(next.screen.contains("draft discarded"))
        }
    }

    @Test(arguments: ["--read-only", "read_only = true on saved connection ro"])
    func readOnlyRefusesEveryWriteAndSaysWhy(reason: String) async throws {
        try await BrowserFixture.with(secret: Self.secret) { nano in
            let (app, _, _) = try await open(nano, readOnlyReason: reason)
            #expect(app.screen.contains("[read-only]"))
            for (key, name) in [("e", "edit"), ("d", "delete"), ("a", "add"), ("u", "undo")] {
                app.press(key)
                #expect(app.screen.contains("read-only connection (\(reason)): \(name) is disabled"), "\(key)")
            }
            #expect(!app.screen.contains("Write data") && app.terminal.suspensions == 0)
        }
    }

    /// The server goes down while the editor is open: the write fails, the draft stays.
    @Test func aWriteToAServerThatWentDownKeepsTheDraft() async throws {
        try await BrowserFixture.with(secret: Self.secret) { nano in
            let (app, first, _) = try await open(nano)
            app.whenEditing { path in try DraftFile.edit(path) { $0["year"] = 7777 } }
            try await app.press("e").waitIdle()
            await nano.stopServer()
            try await app.press("y").waitIdle()
            #expect(app.screen.contains("not written, the draft is kept (:drafts): writing data \(first)"), "\(app.screen)")
            try await app.press(":").type("drafts").press(.enter).waitIdle()
            #expect(app.screen.contains("Drafts not written yet") && app.screen.contains("not written"))
        }
    }

    /// After every kind of write, the secret is in no file under the cache, state and config.
    @Test func theSecretReachesNoFile() async throws {
        try await BrowserFixture.with(secret: Self.secret) { nano in
            let (app, _, second) = try await open(nano)
            app.whenEditing { path in try DraftFile.edit(path) { $0["year"] = 1 } }
            try await app.press("e").waitIdle().press("y").waitIdle()
            try await app.press("jd").press("y").waitIdle().press("u").waitIdle()
            #expect(app.screen.contains("undid deleted document \(second)"))
            for folder in [nano.paths.cache, nano.paths.state, nano.paths.config] {
                for path in FileManager.default.subpaths(atPath: folder) ?? [] {
                    let data = FileManager.default.contents(atPath: folder + "/" + path) ?? Data()
                    #expect(!String(decoding: data, as: UTF8.self).contains(Self.secret), "\(path)")
                }
            }
        }
    }
}
