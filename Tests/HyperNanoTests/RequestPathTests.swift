import Testing
@testable import HyperNano

/// The path split on nano's hot path gives exactly the segments of String's own `split`.
@Suite struct RequestPathTests {
    @Test func theFastSplitGivesStringsSegments() {
        var paths = ["", "/", "//", "/data", "/data/", "data/test", "/data/test/movie-0001", "//data//test//",
                     "/data/test/a%20b", "/storage/test/dir/sub/file.txt", "/a/b/c/d/e/f/g/h/i/j",
                     "/data/tést/ü", "/data/日本/語", "/x/\u{301}y", "/x\u{301}/y", "/\u{301}", "/e\u{301}/", "/👩‍👩‍👧/z"]
        // every short path over an alphabet of a slash, two letters and a combining mark
        let alphabet = ["/", "a", "b", "\u{301}"]
        var pending = [""]
        for _ in 0..<5 {
            pending = pending.flatMap { prefix in alphabet.map { prefix + $0 } }
            paths += pending
        }
        for path in paths {
            #expect(NanoRequest.split(path) == path.split(separator: "/"), "\(path.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }
}
