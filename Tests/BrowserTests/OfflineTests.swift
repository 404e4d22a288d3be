import BrowserDriver
import Foundation
import HyperModel
import Testing
import VisionCore

/// The page cache and offline browsing, with nano stopped and started again in this process
/// (formerly scripts/tui-offline-e2e.sh).
@Suite("browser: offline", .serialized) @MainActor
struct BrowserOfflineTests {
    static let secret = "s3cret-offline-5521"

    /// Pages browsed while the server was up stay browsable with it stopped, marked offline;
    /// `:find` searches every cached document; the marker clears by itself when it is back.
    @Test func cachedPagesAreBrowsedOfflineAndTheAppComesBackByItself() async throws {
        try await BrowserFixture.with(secret: Self.secret) { nano in
            let docs = try await nano.client().data.list(ListOptions(limit: 151))["docs"]?.arrayValue ?? []
            let (first, far) = (docs[0]["_id"]!.stringValue!, docs[150]["_id"]!.stringValue!)
            let sixth = docs[5]["_id"]!.stringValue!
            let word = try #require(docs[5]["isbn"]?.stringValue?.split(separator: "-").dropFirst(2).first.map(String.init))
            let online = try await nano.open()
            for _ in 0..<150 { online.press("j") }
            try await online.waitIdle().press(.enter).waitIdle()
            #expect(online.screen.contains("\"\(far)\""))
            try await online.press(.esc).press("4").waitIdle().press("5").waitIdle()
            online.quit()

            await nano.stopServer()
            let offline = try await nano.open()
            #expect(offline.screen.contains("○ offline") && offline.screen.contains(first))
            #expect(offline.screen.contains(" cached "), "the age of the cached page is shown")
            for _ in 0..<150 { offline.press("j") }
            try await offline.waitIdle().press(.enter).waitIdle()
            #expect(offline.screen.contains("\"\(far)\""))
            try await offline.press(.esc).press("4").waitIdle()
            #expect(offline.screen.contains(" cached ") && !offline.state.storage.objects.isEmpty)
            try await offline.press("5").waitIdle()
            #expect(offline.screen.contains("ERROR jobs") && offline.screen.contains(" cached "))
            try await offline.press("1:").type("find \(word)").press(.enter).waitIdle()
            #expect(offline.screen.contains("Find \"\(word)\" in the cached documents of this app: 1"))
            #expect(offline.screen.contains("data \(sixth)"))
            try await offline.press(.enter).waitIdle()
            #expect(offline.screen.contains(" 6/") && offline.screen.contains("\"\(sixth)\""))

            try await nano.startServer()
            try await offline.waitFor("● online")
            try await offline.waitFor("back online")
            try await offline.waitIdle()
            #expect(!offline.screen.contains("seconds ago"), "the server's answer replaced the cached page")
        }
    }

    /// Offline, a query, pattern or search never fetched says it is not in the cache (and
    /// offers `:find`); no earlier results appear under its name (issue 11.6).
    @Test func aQueryNeverCachedSaysSoInsteadOfShowingOtherResults() async throws {
        try await BrowserFixture.with(secret: Self.secret) { nano in
            let movie = try await nano.client().data.query(DataQuery(selector: ["type": "movie"], limit: 1))
            let word = try #require(movie["docs"]?[0]?["title"]?.stringValue?.split(separator: " ").first.map(String.init))
            let online = try await nano.open()
            try await online.press("2").waitIdle().press("3/").type(word).press(.enter).waitIdle()
            #expect(!online.state.search.matches.isEmpty)
            online.quit()
            await nano.stopServer()
            let app = try await nano.open()
            #expect(app.screen.contains("○ offline") && !app.state.data.docs.isEmpty)
            try await app.press("/").type("type=book").press(.enter).waitIdle()
            #expect(app.state.data.docs.isEmpty, "another query's results under this one's name")
            #expect(app.screen.contains("offline: /type=book is not in the cache (:find WORDS searches every cached document)"),
                    "\(app.screen)")
            try await app.press(.esc).waitIdle()
            #expect(!app.state.data.docs.isEmpty, "the cached list comes back with the query cleared")

            try await app.press("2").waitIdle()
            #expect(!app.state.cache.entries.isEmpty)
            try await app.press("/").type("never-*").press(.enter).waitIdle()
            #expect(app.state.cache.entries.isEmpty && app.screen.contains("offline: pattern never-* is not in the cache"))
            try await app.press("3/").type(word).press(.enter).waitIdle()
            #expect(!app.state.search.matches.isEmpty, "the cached search is shown")
            try await app.press("/").type("never searched").press(.enter).waitIdle()
            #expect(app.state.search.matches.isEmpty && app.screen.contains("offline: \"never searched\" is not in the cache"))
        }
    }

    /// `--offline` never touches the network, even with the server up; `:cache clear` empties
    /// this app's cached pages.
    @Test func offlineModeReadsTheCacheOnly() async throws {
        try await BrowserFixture.with(secret: Self.secret) { nano in
            let first = try await nano.open()
            let id = try #require(first.state.data.docs.first?["_id"]?.stringValue)
            first.quit()
            let app = try await nano.open(offline: true)
            #expect(app.screen.contains("○ offline") && app.screen.contains(id))
            try await app.press("r").waitIdle()
            #expect(app.screen.contains("offline: showing the cached copy (offline mode"))
            #expect(!app.screen.contains("● online"))
            try await app.press(":").type("cache clear").press(.enter).waitIdle()
            #expect(app.screen.contains("the page cache of this app is cleared"))
        }
    }
}
