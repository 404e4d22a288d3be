import Foundation
import HyperClient
import HyperJSON
import HyperModel
import HyperSession
import HyperStore
import Testing

@Suite("journal and cache-clear commands")
struct StoreCommandsTests {
    @Test func journalLinesAndCacheClear() async throws {
        try await SessionHarness.with { harness in
            // Nothing written yet: no output, and no file created by looking.
            #expect(try StoreCommands.journalLines(locations: harness.locations).isEmpty)
            #expect(!FileManager.default.fileExists(atPath: harness.locations.journalFile))

            let session = try harness.session()
            _ = await updates(of: session.read(.dataList(ListOptions(limit: 2))))
            try await session.write(.cacheSet(key: "k1", value: ["v": 1]))
            try await session.write(.cacheRemove(key: "k1"))
            await session.close()

            let lines = try StoreCommands.journalLines(locations: harness.locations)
            let entries = try lines.map { try JSON.parse($0) }
            #expect(entries.map { $0["action"]?.stringValue } == ["cacheSet", "cacheRemove"])   // oldest first
            #expect(entries[1]["before"] == ["v": 1])
            let other = try AppKey(host: "elsewhere:1", domain: "test")
            #expect(try StoreCommands.journalLines(locations: harness.locations, app: other).isEmpty)
            #expect(try StoreCommands.journalLines(locations: harness.locations, app: session.app!).count == 2)

            #expect(try StoreCommands.clearCache(locations: harness.locations) == .pages(1))
            #expect(try session.pageCache.statistics().pages == 0)
        }
    }
}
