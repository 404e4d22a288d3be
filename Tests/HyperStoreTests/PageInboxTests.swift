import Foundation
import HyperJSON
import Testing
@testable import HyperStore

/// Pages a CLI command leaves for the page cache: posted as files, moved in oldest first by the
/// next opener, never over a page fetched later, and gone with `cache-clear`.
@Suite struct PageInboxTests {
    let folder = TempFolder()
    let clock = TestClock()

    var inbox: PageInbox { PageInbox(directory: folder.file("cache/hyper-vision/inbox")) }

    func makeCache() throws -> PageCache {
        try PageCache(path: folder.file("cache/hyper-vision/cache.sqlite"), now: clock.now)
    }

    @Test func postedPagesMoveIntoTheCacheOldestFirstWithTheirFetchTime() throws {
        let fetched = clock.now()
        #expect(try inbox.post(app: testApp, request: listMovies, answer: dataPage([("movie-1", "Dune")]), fetchedAt: fetched) == 1)
        #expect(try inbox.post(app: testApp, request: listMovies, answer: dataPage([("movie-1", "Arrival")]),
                               fetchedAt: fetched + 5) == 2)
        #expect(try inbox.post(app: otherApp, request: listMovies, answer: dataPage([("movie-9", "Heat")]), fetchedAt: fetched + 1) == 3)
        // Owner-only, like the cache file.
        #expect(permissions(inbox.directory) == 0o700)
        #expect(try inbox.waiting().allSatisfy { permissions(inbox.directory + "/" + $0) == 0o600 })

        let cache = try makeCache()
        clock.advance(60)
        #expect(try inbox.drain(into: cache) == 3)
        #expect(try inbox.waiting().isEmpty)
        let page = try #require(try cache.lookup(app: testApp, request: listMovies))
        #expect(page.answer == dataPage([("movie-1", "Arrival")]), "the later of the two answers wins")
        #expect(page.age == 55, "its age counts from when the server gave it, not from the move")
        #expect(try cache.lookup(app: otherApp, request: listMovies)?.answer == dataPage([("movie-9", "Heat")]))
        #expect(try cache.find(app: testApp, text: "arrival").map(\.id) == ["movie-1"])
    }

    /// A browser stored the page after the CLI read it: the CLI's older copy does not replace it.
    @Test func aWaitingPageNeverReplacesOneFetchedLater() throws {
        let cache = try makeCache()
        try inbox.post(app: testApp, request: listMovies, answer: dataPage([("movie-1", "Old")]), fetchedAt: clock.now() - 10)
        try cache.store(app: testApp, request: listMovies, answer: dataPage([("movie-1", "New")]))
        #expect(try inbox.drain(into: cache) == 1)
        #expect(try cache.lookup(app: testApp, request: listMovies)?.answer == dataPage([("movie-1", "New")]))
    }

    /// Only a waiting page is compared by time: an answer just fetched replaces the page even
    /// when the clock was set back since it was stored.
    @Test func anAnswerJustFetchedReplacesThePageWhateverTheClock() throws {
        let cache = try makeCache()
        try cache.store(app: testApp, request: listMovies, answer: dataPage([("movie-1", "Old")]))
        clock.advance(-60)
        try cache.store(app: testApp, request: listMovies, answer: dataPage([("movie-1", "New")]))
        #expect(try cache.lookup(app: testApp, request: listMovies)?.answer == dataPage([("movie-1", "New")]))
    }

    /// The inbox is disposable: a file that is not a page (cut short, edited by hand) is dropped,
    /// and a temporary file a dead process left is removed once it is old.
    @Test func unreadableAndAbandonedFilesAreDropped() throws {
        try inbox.post(app: testApp, request: listMovies, answer: dataPage([("movie-1", "Dune")]), fetchedAt: clock.now())
        let broken = inbox.directory + "/00000000000000000001-1-1.page"
        try #"{"app":"localhost:6363/-/test","request":"#.write(toFile: broken, atomically: false, encoding: .utf8)
        let abandoned = inbox.directory + "/00000000000000000002-1-1.page.tmp-1"
        let fresh = inbox.directory + "/00000000000000000003-1-1.page.tmp-2"
        for path in [abandoned, fresh] { try "{".write(toFile: path, atomically: false, encoding: .utf8) }
        try FileManager.default.setAttributes([.modificationDate: Date() - PageInbox.abandonedAfter - 60], ofItemAtPath: abandoned)

        #expect(try inbox.waiting().count == 2)
        #expect(!FileManager.default.fileExists(atPath: abandoned))
        #expect(FileManager.default.fileExists(atPath: fresh), "another process may still be writing it")
        let cache = try makeCache()
        #expect(try inbox.drain(into: cache) == 1)
        #expect(try inbox.waiting().isEmpty)
        #expect(try cache.lookup(app: testApp, request: listMovies) != nil)
    }

    @Test func clearDropsEveryWaitingPage() throws {
        #expect(try inbox.clear() == 0, "no folder yet: nothing to drop, nothing created")
        #expect(!FileManager.default.fileExists(atPath: inbox.directory))
        for second in 0..<3 {
            try inbox.post(app: testApp, request: listMovies, answer: dataPage([]), fetchedAt: clock.now() + Double(second))
        }
        #expect(try inbox.clear() == 3)
        #expect(try inbox.drain(into: makeCache()) == 0)
    }
}
