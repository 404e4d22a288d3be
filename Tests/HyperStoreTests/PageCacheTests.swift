import Foundation
import GRDB
import HyperJSON
import HyperModel
import Testing
@testable import HyperStore

@Suite struct PageCacheTests {
    let folder = TempFolder()
    let clock = TestClock()

    func makeCache(sizeCap: Int = PageCache.defaultSizeCap) throws -> PageCache {
        try PageCache(path: folder.file("cache/hyper-vision/cache.sqlite"), sizeCap: sizeCap, now: clock.now)
    }

    @Test func lookupReturnsTheStoredAnswerAndItsAge() throws {
        let cache = try makeCache()
        let answer = dataPage([("movie-1", "Dune"), ("movie-2", "Alien")])
        try cache.store(app: testApp, request: listMovies, answer: answer)
        clock.advance(30)
        let page = try #require(try cache.lookup(app: testApp, request: listMovies))
        #expect(page.answer == answer)
        #expect(page.age == 30)
        #expect(page.request == listMovies)
        #expect(try cache.lookup(app: otherApp, request: listMovies) == nil)
        #expect(try cache.lookup(app: testApp, request: RequestKey(service: .data, query: [("limit", "10")])) == nil)
    }

    @Test func storingAgainReplacesThePageAndItsIndex() throws {
        let cache = try makeCache()
        try cache.store(app: testApp, request: listMovies, answer: dataPage([("movie-1", "Dune")]))
        try cache.store(app: testApp, request: listMovies, answer: dataPage([("movie-1", "Arrival")]))
        #expect(try cache.find(app: testApp, text: "dune").isEmpty)
        #expect(try cache.find(app: testApp, text: "arrival").map(\.id) == ["movie-1"])
        #expect(try cache.statistics() == CacheStatistics(pages: 1, documents: 1, bytes: cache.statistics().bytes))
    }

    /// Most refreshes bring the answer already stored: the page keeps its rows (its documents'
    /// index is not rewritten) and is renewed, fetched now and most recently used.
    @Test func storingTheSameAnswerAgainRenewsThePageWithoutRewritingIt() throws {
        let cache = try makeCache()
        let answer = dataPage([("movie-1", "Dune"), ("movie-2", "Alien")])
        let other = RequestKey(service: .data, query: [("limit", "10")])
        try cache.store(app: testApp, request: listMovies, answer: answer)
        try cache.store(app: testApp, request: other, answer: dataPage([("movie-3", "Arrival")]))
        let rowsBefore = try rowIdentities(cache)
        clock.advance(30)

        #expect(try cache.store(app: testApp, request: listMovies, answer: answer) == 0)
        #expect(try rowIdentities(cache) == rowsBefore)
        // Renewed as used: over a cap, the other page goes first.
        let capped = try PageCache(path: cache.path, sizeCap: try cache.statistics().bytes + 1, now: clock.now)
        let third = RequestKey(service: .data, query: [("limit", "20")])
        #expect(try capped.store(app: testApp, request: third, answer: dataPage([("movie-4", "Heat")])) == 1)
        #expect(try cache.lookup(app: testApp, request: other) == nil)
        // Renewed as fetched now, and still found.
        #expect(try cache.lookup(app: testApp, request: listMovies)?.age == 0)
        #expect(try cache.find(app: testApp, text: "alien").map(\.id) == ["movie-2"])
    }

    /// Eviction runs on every store: it must read the LRU index, never the pages themselves (whose
    /// bodies a sum of their sizes otherwise reads through, all of them, each time).
    @Test func evictionReadsTheIndexNotThePages() throws {
        let cache = try makeCache()
        try cache.store(app: testApp, request: listMovies, answer: dataPage([("movie-1", "Dune")]))
        try DatabaseQueue(path: cache.path).read { db in
            for sql in [PageCache.totalBytesSQL, PageCache.leastRecentlyUsedSQL] {
                let plan = try String.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, adapter: SuffixRowAdapter(fromIndex: 3))
                #expect(plan == ["SCAN page USING COVERING INDEX page_lru"], "\(sql)")
            }
        }
    }

    /// Every page and document row by its rowid: rewritten rows come back under new ones.
    private func rowIdentities(_ cache: PageCache) throws -> [String] {
        try DatabaseQueue(path: cache.path).read { db in
            try String.fetchAll(db, sql: """
                SELECT 'page ' || id || ' ' || requestKey FROM page
                UNION ALL SELECT 'document ' || id || ' ' || docId FROM document
                UNION ALL SELECT 'text ' || rowid FROM document_fts ORDER BY 1
                """)
        }
    }

    @Test func findSearchesEveryServiceOfTheAppOnly() throws {
        let cache = try makeCache()
        try cache.store(app: testApp, request: listMovies,
                        answer: dataPage([("movie-1", "Dune: Part One"), ("movie-2", "Crème brûlée story")]))
        try cache.store(app: testApp, request: RequestKey(service: .cache, method: "POST", path: ["_query"], query: [("pattern", "*")]),
                        answer: ["ok": true, "docs": [["key": "fav-dune", "value": ["note": "dune again"]]]])
        try cache.store(app: testApp, request: RequestKey(service: .search, method: "POST", path: ["_query"], body: ["query": "dune"]),
                        answer: ["ok": true, "matches": [["id": "s-1", "score": 2.5, "title": "Dune (1984)"]]])
        try cache.store(app: testApp, request: RequestKey(.dataDocument(id: "movie-1")),
                        answer: ["_id": "movie-1", "title": "Dune: Part One", "year": 2021])
        try cache.store(app: otherApp, request: listMovies, answer: dataPage([("movie-9", "Dune elsewhere")]))

        let hits = try cache.find(app: testApp, text: "dune")
        // movie-1 is in two pages and shows once.
        #expect(Set(hits.map { "\($0.service)/\($0.id)" }) == ["data/movie-1", "cache/fav-dune", "search/s-1"])
        #expect(hits.count == 3)
        let movie = try #require(hits.first { $0.id == "movie-1" })
        #expect(movie.title == "Dune: Part One")
        let marked = movie.matchRanges.map { range in
            String(Array(movie.snippet)[range])
        }
        #expect(marked.allSatisfy { $0.lowercased() == "dune" })
        #expect(!marked.isEmpty)
        // The hit hands back a request that finds its page.
        #expect(try cache.lookup(app: testApp, request: movie.request) != nil)

        // Diacritics are folded, words match as prefixes, all words must match.
        #expect(try cache.find(app: testApp, text: "creme brul").map(\.id) == ["movie-2"])
        #expect(try cache.find(app: testApp, text: "dune part").map(\.id) == ["movie-1"])
        #expect(try cache.find(app: testApp, text: "dune nothing").isEmpty)
        // One character matches a whole word only; two start prefix matching.
        #expect(try cache.find(app: testApp, text: "d").isEmpty)
        #expect(try cache.find(app: testApp, text: "du").count == 3)
        // FTS5 syntax typed by the user is taken literally, never an error.
        #expect(try cache.find(app: testApp, text: "dune) \"part (").map(\.id) == ["movie-1"])
        #expect(try cache.find(app: testApp, text: "  ").isEmpty)
        #expect(try cache.find(app: otherApp, text: "dune").map(\.id) == ["movie-9"])
        #expect(try cache.find(app: testApp, text: "dune", limit: 1).count == 1)
    }

    @Test func veryCommonWordsListTheNewestDocumentsFirst() throws {
        let cache = try makeCache()
        let pages = PageCache.rankedMatchLimit / 50 + 1
        for page in 0..<pages {
            let docs = (0..<50).map { n in (String(format: "doc-%05d", page * 50 + n), "common words") }
            try cache.store(app: testApp, request: RequestKey(service: .data, query: [("page", "\(page)")]),
                            answer: dataPage(docs))
        }
        let newest = (0..<5).map { String(format: "doc-%05d", pages * 50 - 1 - $0) }
        #expect(try cache.find(app: testApp, text: "common", limit: 5).map(\.id) == newest)
        #expect(try cache.find(app: otherApp, text: "common").isEmpty)
    }

    @Test func evictsLeastRecentlyUsedPagesOverTheCap() throws {
        // Measure one page to size the cap at three pages.
        let probe = try makeCache()
        let filler = String(repeating: "x", count: 2000)
        func page(_ n: Int) -> JSON { dataPage([("doc-\(n)", "unique\(n)word \(filler)")]) }
        func request(_ n: Int) -> RequestKey { RequestKey(service: .data, query: [("startkey", "p\(n)")]) }
        try probe.store(app: testApp, request: request(0), answer: page(0))
        let pageBytes = try probe.statistics().bytes
        try probe.clear()

        let cache = try PageCache(path: folder.file("small.sqlite"), sizeCap: pageBytes * 3 + pageBytes / 2, now: clock.now)
        for n in 1...3 { try cache.store(app: testApp, request: request(n), answer: page(n)) }
        _ = try cache.lookup(app: testApp, request: request(1))   // page 1 is now the most recent
        let evicted = try cache.store(app: testApp, request: request(4), answer: page(4))

        #expect(evicted == 1)
        #expect(try cache.lookup(app: testApp, request: request(2)) == nil)
        for n in [1, 3, 4] { #expect(try cache.lookup(app: testApp, request: request(n)) != nil) }
        // The evicted page's documents left the index too.
        #expect(try cache.find(app: testApp, text: "unique2word").isEmpty)
        #expect(try cache.find(app: testApp, text: "unique3word").map(\.id) == ["doc-3"])
        let stats = try cache.statistics()
        #expect(stats.pages == 3 && stats.documents == 3 && stats.bytes <= cache.sizeCap)
    }

    @Test func aPageLargerThanTheCapIsKeptAlone() throws {
        let cache = try makeCache(sizeCap: 10)
        try cache.store(app: testApp, request: listMovies, answer: dataPage([("movie-1", "Dune")]))
        let other = RequestKey(service: .data, query: [("limit", "2")])
        try cache.store(app: testApp, request: other, answer: dataPage([("movie-2", "Alien")]))
        #expect(try cache.lookup(app: testApp, request: other) != nil)
        #expect(try cache.lookup(app: testApp, request: listMovies) == nil)
    }

    @Test func applyWriteUpdatesEveryPageHoldingTheDocument() throws {
        let cache = try makeCache()
        let single = RequestKey(.dataDocument(id: "movie-1"))
        let query = RequestKey(service: .data, method: "POST", path: ["_query"], body: ["selector": ["year": 1999]])
        try cache.store(app: testApp, request: listMovies, answer: dataPage([("movie-1", "Dune"), ("movie-2", "Alien")]))
        try cache.store(app: testApp, request: query, answer: dataPage([("movie-1", "Dune")]))
        try cache.store(app: testApp, request: single, answer: ["ok": true, "doc": ["_id": "movie-1", "title": "Dune"]])
        try cache.store(app: otherApp, request: listMovies, answer: dataPage([("movie-1", "Dune")]))

        let updated: JSON = ["_id": "movie-1", "title": "Dune Messiah", "year": 2026]
        #expect(try cache.applyWrite(app: testApp, service: .data, id: "movie-1", newDocument: updated) == 3)
        #expect(try cache.lookup(app: testApp, request: listMovies)?.answer["docs"]?[0] == updated)
        #expect(try cache.lookup(app: testApp, request: listMovies)?.answer["docs"]?[1]?["_id"] == "movie-2")
        #expect(try cache.lookup(app: testApp, request: query)?.answer["docs"]?[0] == updated)
        #expect(try cache.lookup(app: testApp, request: single)?.answer == ["ok": true, "doc": updated])
        #expect(try cache.find(app: testApp, text: "messiah").map(\.id) == ["movie-1"])
        // Another app's copy is another document.
        #expect(try cache.lookup(app: otherApp, request: listMovies)?.answer["docs"]?[0]?["title"] == "Dune")

        #expect(try cache.applyWrite(app: testApp, service: .data, id: "movie-1", newDocument: nil) == 3)
        #expect(try cache.lookup(app: testApp, request: listMovies)?.answer["docs"]?.arrayValue?.count == 1)
        #expect(try cache.lookup(app: testApp, request: single) == nil)
        #expect(try cache.find(app: testApp, text: "dune").isEmpty)
        #expect(try cache.applyWrite(app: testApp, service: .data, id: "movie-404", newDocument: updated) == 0)
    }

    @Test func applyWriteKeepsTheShapeOfCacheAndSearchAnswers() throws {
        let cache = try makeCache()
        let cacheQuery = RequestKey(service: .cache, method: "POST", path: ["_query"], query: [("pattern", "*")])
        try cache.store(app: testApp, request: cacheQuery, answer: ["ok": true, "docs": [["key": "k1", "value": ["n": 1]]]])
        let searchQuery = RequestKey(service: .search, method: "POST", path: ["_query"], body: ["query": "dune"])
        try cache.store(app: testApp, request: searchQuery,
                        answer: ["ok": true, "matches": [["id": "s-1", "score": 2.5, "title": "Dune", "type": "movie"]]])
        let searchGet = RequestKey(.searchDocument(key: "s-1"))
        try cache.store(app: testApp, request: searchGet, answer: ["ok": true, "key": "s-1", "doc": ["title": "Dune", "type": "movie", "body": "spice"]])

        try cache.applyWrite(app: testApp, service: .cache, id: "k1", newDocument: ["n": 2])
        #expect(try cache.lookup(app: testApp, request: cacheQuery)?.answer == ["ok": true, "docs": [["key": "k1", "value": ["n": 2]]]])

        try cache.applyWrite(app: testApp, service: .search, id: "s-1", newDocument: ["title": "Dune II", "body": "worms"])
        #expect(try cache.lookup(app: testApp, request: searchQuery)?.answer["matches"]?[0] == ["id": "s-1", "score": 2.5, "title": "Dune II"])
        #expect(try cache.lookup(app: testApp, request: searchGet)?.answer == ["ok": true, "key": "s-1", "doc": ["title": "Dune II", "body": "worms"]])
    }

    @Test func documentsSeenOnlyInListsOpenOffline() throws {
        let cache = try makeCache()
        try cache.store(app: testApp, request: listMovies, answer: dataPage([("movie-1", "Dune"), ("movie-2", "Alien")]))
        clock.advance(60)
        let search = RequestKey(service: .search, method: "POST", path: ["_query"], body: ["query": "dune"])
        try cache.store(app: testApp, request: search, answer: ["ok": true, "matches": [["id": "s-1", "title": "Dune"]]])
        clock.advance(60)
        let fromList = try #require(try cache.cachedDocument(app: testApp, service: .data, id: "movie-2"))
        #expect(fromList.answer == ["_id": "movie-2", "title": "Alien", "year": 1999])
        #expect(fromList.request == listMovies && fromList.age == 120)
        #expect(try cache.cachedDocument(app: testApp, service: .data, id: "movie-3") == nil)
        #expect(try cache.cachedDocument(app: otherApp, service: .data, id: "movie-2") == nil)

        // The search match has stored fields only: the document's own answer wins once cached.
        #expect(try cache.cachedDocument(app: testApp, service: .search, id: "s-1")?.answer == ["id": "s-1", "title": "Dune"])
        try cache.store(app: testApp, request: RequestKey(.searchDocument(key: "s-1")),
                        answer: ["ok": true, "key": "s-1", "doc": ["title": "Dune", "body": "spice"]])
        try cache.store(app: testApp, request: search, answer: ["ok": true, "matches": [["id": "s-1", "title": "Dune"]]])
        #expect(try cache.cachedDocument(app: testApp, service: .search, id: "s-1")?.answer == ["title": "Dune", "body": "spice"])
    }

    @Test func twoProcessesShareOneCacheFile() throws {
        let path = folder.file("shared.sqlite")
        let browser = try PageCache(path: path, now: clock.now)
        let cli = try PageCache(path: path, access: .serial, now: clock.now)
        try cli.store(app: testApp, request: listMovies, answer: dataPage([("movie-1", "Dune")]))
        #expect(try browser.lookup(app: testApp, request: listMovies) != nil)
        try browser.applyWrite(app: testApp, service: .data, id: "movie-1", newDocument: nil)
        #expect(try cli.find(app: testApp, text: "dune").isEmpty)
    }

    @Test func queueAndStorageListingsAreIndexedAndFollowRemovals() throws {
        let cache = try makeCache()
        let jobs = RequestKey(service: .queue, query: [("status", "ERROR")])
        try cache.store(app: testApp, request: jobs, answer: ["ok": true, "jobs": [
            ["id": 7, "job": ["email": "ana@example.com"], "status": "ERROR"],
            ["id": 8, "job": ["email": "bo@example.com"], "status": "ERROR"],
        ]])
        let objects = RequestKey(service: .storage, query: [("prefix", "img/")])
        try cache.store(app: testApp, request: objects, answer: ["ok": true, "objects": [["name": "img/logo.png", "size": 10]]])
        #expect(try cache.find(app: testApp, text: "ana").map { "\($0.service)/\($0.id)" } == ["queue/7"])
        #expect(try cache.find(app: testApp, text: "logo").map { "\($0.service)/\($0.id)" } == ["storage/img/logo.png"])

        try cache.applyWrite(app: testApp, service: .queue, id: "7", newDocument: nil)
        try cache.applyWrite(app: testApp, service: .storage, id: "img/logo.png", newDocument: nil)
        #expect(try cache.lookup(app: testApp, request: jobs)?.answer["jobs"]?.arrayValue?.map { $0["id"] } == [8])
        #expect(try cache.lookup(app: testApp, request: objects)?.answer == ["ok": true, "objects": []])
    }

    @Test func clearRemovesOneAppOrEverything() throws {
        let cache = try makeCache()
        try cache.store(app: testApp, request: listMovies, answer: dataPage([("movie-1", "Dune")]))
        try cache.store(app: otherApp, request: listMovies, answer: dataPage([("movie-1", "Dune")]))
        try cache.clear(app: testApp)
        #expect(try cache.lookup(app: testApp, request: listMovies) == nil)
        #expect(try cache.find(app: testApp, text: "dune").isEmpty)
        #expect(try cache.statistics(app: otherApp).pages == 1)
        try cache.clear()
        #expect(try cache.statistics() == CacheStatistics(pages: 0, documents: 0, bytes: 0))
    }

    @Test func filesAreOwnerOnly() throws {
        let cache = try makeCache()
        try cache.store(app: testApp, request: listMovies, answer: dataPage([("movie-1", "Dune")]))
        _ = try cache.lookup(app: testApp, request: listMovies)
        #expect(permissions(cache.path) == 0o600)
        #expect(permissions(cache.path + "-wal") == 0o600)
        #expect(permissions(cache.path + "-shm") == 0o600)
        #expect(permissions(folder.file("cache/hyper-vision")) == 0o700)
    }

    @Test func anExistingWideFileIsTightened() throws {
        let path = folder.file("wide.sqlite")
        #expect(FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o644]))
        #expect(permissions(path) == 0o644)
        _ = try PageCache(path: path)
        #expect(permissions(path) == 0o600)
    }

    @Test func survivesReopening() throws {
        let path = folder.file("reopen.sqlite")
        do {
            let cache = try PageCache(path: path, now: clock.now)
            try cache.store(app: testApp, request: listMovies, answer: dataPage([("movie-1", "Dune")]))
        }
        let cache = try PageCache(path: path, now: clock.now)
        #expect(try cache.lookup(app: testApp, request: listMovies)?.answer == dataPage([("movie-1", "Dune")]))
        #expect(try cache.find(app: testApp, text: "dune").count == 1)
    }
}
