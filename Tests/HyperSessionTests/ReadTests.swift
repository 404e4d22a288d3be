import Foundation
import HyperClient
import HyperJSON
import HyperModel
import HyperSession
import HyperStore
import Testing

@Suite("stale-while-revalidate reads")
struct ReadTests {
    @Test func firstReadIsFreshThenCachedComesFirst() async throws {
        try await SessionHarness.withSession { _, session in
            let request = HyperRead.dataList(ListOptions(limit: 5))
            let first = await updates(of: session.read(request))
            #expect(first.map(\.kind) == ["fresh"])
            let docs = try #require(first[0].json?["docs"]?.arrayValue)
            #expect(docs.count == 5)

            let second = await updates(of: session.read(request))
            #expect(second.map(\.kind) == ["cached", "fresh"])
            #expect(second[0].json == first[0].json)
            if case .cached(_, let age) = second[0] { #expect(age >= 0 && age < 60) }
        }
    }

    /// `fetch` (the CLI's online read) asks the server only, and still stores its answer: a
    /// read afterwards comes cached first.
    @Test func fetchIsTheServersAnswerAlwaysAndStoresIt() async throws {
        try await SessionHarness.withSession { _, session in
            let request = HyperRead.dataDocument(id: "movie-0001")
            #expect([await session.fetch(request)].map(\.kind) == ["fresh"])
            #expect([await session.fetch(request)].map(\.kind) == ["fresh"])
            #expect(await updates(of: session.read(request)).map(\.kind) == ["cached", "fresh"])
        }
    }

    /// A read opens the page cache only: the journal and the drafts folder (what writes and
    /// edits need) are not created, so a CLI read pays for one SQLite file, not two.
    @Test func aReadOpensOnlyThePageCache() async throws {
        try await SessionHarness.with { harness in
            let session = try harness.session()
            let updates = await updates(of: session.read(.dataDocument(id: "movie-0001")))
            #expect(updates.map(\.kind) == ["fresh"])
            await session.close()
            #expect(FileManager.default.fileExists(atPath: harness.locations.cacheFile))
            #expect(!FileManager.default.fileExists(atPath: harness.locations.journalFile))
            #expect(!FileManager.default.fileExists(atPath: harness.locations.draftsDirectory))
        }
    }

    /// A CLI command (one connection at a time) does not open the page cache to store what it
    /// read: the page waits in the inbox, and the next process to open the cache has it, offline
    /// too. Once `drainThreshold` pages wait, the command moves them in itself.
    @Test func aCommandLeavesItsPagesForTheNextOpenerOfTheCache() async throws {
        try await SessionHarness.with { harness in
            let store = LocalStore(locations: harness.locations, access: .serial)
            let cli = AppSession(connection: try harness.connection(), store: store)
            #expect([await cli.fetch(.dataDocument(id: "movie-0001"))].map(\.kind) == ["fresh"])
            #expect(!FileManager.default.fileExists(atPath: harness.locations.cacheFile))
            let waiting = { (try? FileManager.default.contentsOfDirectory(atPath: harness.locations.pageInboxDirectory).count) ?? -1 }
            #expect(waiting() == 1)

            let offline = try harness.session(offlineMode: true)
            #expect(await updates(of: offline.read(.dataDocument(id: "movie-0001"))).map(\.kind) == ["cached", "offline"])
            #expect(waiting() == 0)
            await offline.close()

            for limit in 1...PageInbox.drainThreshold {
                #expect([await cli.fetch(.dataList(ListOptions(limit: limit)))].map(\.kind) == ["fresh"])
            }
            #expect(waiting() == 0, "the last read moved every waiting page in")
            #expect(try cli.pageCache.statistics().pages == 1 + PageInbox.drainThreshold)
            // The cache open, the command stores what it reads there directly.
            #expect([await cli.fetch(.dataDocument(id: "movie-0002"))].map(\.kind) == ["fresh"])
            #expect(waiting() == 0)
            #expect(try cli.pageCache.statistics().pages == 2 + PageInbox.drainThreshold)
            await cli.close()
        }
    }

    @Test func everyKindOfPageIsCached() async throws {
        try await SessionHarness.withSession { _, session in
            // Documents first: once a list holding them is cached, they would come cached too.
            let requests: [HyperRead] = [
                .dataDocument(id: "movie-0001"), .cacheValue(key: "config-app"),
                .dataList(ListOptions(limit: 3)), .dataQuery(DataQuery(selector: ["type": "movie"], limit: 3)),
                .cacheQuery(pattern: "*"),
                .searchQuery(text: "movie"), .queueJobs(.error), .queueJobs(.ready), .storageList(prefix: ""),
            ]
            for request in requests {
                let kinds = await updates(of: session.read(request)).map(\.kind)
                #expect(kinds == ["fresh"], "\(request)")
            }
            for request in requests {
                let kinds = await updates(of: session.read(request)).map(\.kind)
                #expect(kinds == ["cached", "fresh"], "\(request)")
            }
        }
    }

    /// Data and cache GETs yield the document (the envelope the client asked for is taken off);
    /// search's `{ok, key, doc}` is kept as the server sent it, and its read decodes it to the
    /// document, as every document read does.
    @Test func documentReadsDecodeToTheDocumentItself() async throws {
        try await SessionHarness.withSession { _, session in
            let data = await updates(of: session.read(.dataDocument(id: "movie-0001")))
            #expect(data.last?.json?["_id"] == "movie-0001")
            let value = await updates(of: session.read(.cacheValue(key: "config-app")))
            #expect(value.last?.json == ["name": "demo", "version": "1.2.3"])
            let key = try #require(await firstSearchKey(session))
            let read = HyperRead.searchDocument(key: key)
            let search = try #require(await updates(of: session.read(read)).last?.json)
            #expect(search["key"] == .string(key) && search["doc"] != nil)
            guard case .document(let document) = read.decode(search) else { Issue.record("not a document: \(search)"); return }
            #expect(document["key"] == nil && document["title"] != nil)
        }
    }

    @Test func anErrorAnswerIsFailedNotOffline() async throws {
        try await SessionHarness.withSession { _, session in
            let result = await updates(of: session.read(.dataDocument(id: "no-such-document")))
            #expect(result.map(\.kind) == ["failed"])
            if case .failed(let error) = result.first { #expect(error.status == 404) }
            #expect(await session.connectivity.state == .online)
        }
    }

    private func firstSearchKey(_ session: AppSession) async -> String? {
        let answer = await updates(of: session.read(.searchQuery(text: "movie"))).last?.json
        return answer?["matches"]?[0]?["id"]?.stringValue
    }
}
