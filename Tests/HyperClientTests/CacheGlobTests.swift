import Testing
@testable import HyperClient

/// hyper's cache pattern: `*` is any run of characters, everything else is itself.
@Suite struct CacheGlobTests {
    @Test(arguments: [
        ("*", "anything", true), ("*", "", true), ("movie*", "movie-1", true), ("movie*", "mov", false),
        ("user_1*", "user_1a", true), ("user_1*", "userx1b", false), ("*-1984", "movie-1984", true),
        ("movie*1984*", "movie-alien-1984-dc", true), ("movie*1984*", "movie-1985", false),
        ("a*a", "a", false), ("a*a", "aa", true), ("ab*ba", "aba", false), ("a*b*c", "abc", true),
        ("a*b*c", "acb", false), ("100%", "100%", true), ("100%", "1000", false), ("k", "k", true), ("k", "kk", false),
        ("*日本*", "東京-日本-1", true),
    ])
    func patterns(pattern: String, key: String, matches: Bool) {
        #expect(CacheGlob(pattern).matches(key) == matches)
    }

    @Test func aServerThatReadsOneStarIsSentThePatternUpToIt() {
        #expect(CacheGlob("movie*1984*").serverPattern == "movie*")
        #expect(CacheGlob("movie*").serverPattern == "movie*")
        #expect(CacheGlob("*").serverPattern == "*")
        #expect(CacheGlob("exact").serverPattern == "exact")
    }
}
