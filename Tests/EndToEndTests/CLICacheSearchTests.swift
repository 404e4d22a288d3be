import Foundation
import HyperJSON
import Testing

/// `hyper-vision cache ...` and `hyper-vision search ...` against a real nano server.
@Suite("CLI cache and search")
struct CLICacheSearchTests {
    @Test func cacheLifecycle() async throws {
        try await NanoFixture.with { nano in
            let store = try await nano.create("cache", domain: "sessions")
            _ = try await nano.json(["cache", "add", "movie-1", "title=Dune", "year:=1965", "--ttl", "2h"] + store)
            _ = try await nano.json(["cache", "add", "movie-2", #"{"title":"Arrival"}"#] + store)
            _ = try await nano.json(["cache", "add", "book-1", "-f", "-"] + store, stdin: #"{"title":"Dune"}"#)
            #expect(try await nano.json(["cache", "get", "movie-1"] + store) == ["title": "Dune", "year": 1965])

            let again = try await nano.run(["cache", "add", "movie-1", "title=Again"] + store)
            #expect(again.status == 1, "\(again)")
            #expect(again.stderr.contains("409"), "\(again)")

            _ = try await nano.json(["cache", "set", "movie-2", "title=Arrival", "year:=2016", "--ttl", "1d"] + store)
            #expect(try await nano.json(["cache", "get", "movie-2"] + store)["year"] == 2016)
            // Items alone change those fields and keep the others; a new key gets them alone;
            // JSON is the whole value.
            _ = try await nano.json(["cache", "set", "movie-2", "year:=2017"] + store)
            #expect(try await nano.json(["cache", "get", "movie-2"] + store) == ["title": "Arrival", "year": 2017])
            _ = try await nano.json(["cache", "set", "movie-3", "year:=1982"] + store)
            #expect(try await nano.json(["cache", "get", "movie-3"] + store) == ["year": 1982])
            _ = try await nano.json(["cache", "set", "movie-3", #"{"title":"Blade Runner"}"#] + store)
            #expect(try await nano.json(["cache", "get", "movie-3"] + store) == ["title": "Blade Runner"])
            _ = try await nano.json(["cache", "remove", "movie-3"] + store)

            let movies = try await nano.json(["cache", "query", "movie-*"] + store)
            #expect(movies["docs"]?.arrayValue?.compactMap { $0["key"]?.stringValue }.sorted() == ["movie-1", "movie-2"])
            #expect(try await nano.json(["cache", "query"] + store)["docs"]?.arrayValue?.count == 3)

            _ = try await nano.json(["cache", "remove", "movie-1"] + store)
            let missing = try await nano.run(["cache", "get", "movie-1"] + store)
            #expect(missing.status == 1, "\(missing)")
            #expect(missing.stderr.contains("404"), "\(missing)")

            #expect(try await nano.json(["cache", "destroy", "--yes"] + store)["ok"] == true)
        }
    }

    @Test func cacheValuesMustBeObjects() async throws {
        try await NanoFixture.with { nano in
            let result = try await nano.run(["cache", "add", "k", "[1,2]"])
            #expect(result.status == 2, "\(result)")
            #expect(result.stderr.contains("must be a JSON object"), "\(result)")
        }
    }

    @Test func searchLifecycle() async throws {
        try await NanoFixture.with { nano in
            let index = try await nano.create("search", domain: "library", ["--fields", "title,body", "--store-fields", "title,type"])
            _ = try await nano.json(["search", "add", "movie-1", "title=Dune", "type=movie", "body=Spice and sand worms"] + index)
            _ = try await nano.json(["search", "add", "book-1", #"{"title":"Dune Messiah","type":"book","body":"Emperor"}"#] + index)
            let loaded = try await nano.json(["search", "load", "-f", "-"] + index, stdin: """
                [{"_id":"movie-2","title":"Arrival","type":"movie","body":"Heptapods"},
                 {"_id":"movie-3","title":"Alien","type":"movie","body":"Nostromo"}]
                """)
            #expect(loaded["ok"] == true)

            let got = try await nano.json(["search", "get", "movie-1"] + index)
            #expect(got["key"] == "movie-1")
            #expect(got["doc"]?["title"] == "Dune")

            let dune = try await nano.json(["search", "query", "dune"] + index)
            #expect(Set(dune["matches"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []) == ["movie-1", "book-1"])
            let filtered = try await nano.json(["search", "query", "dune", "--fields", "title",
                                                "--filter", #"{"type":"movie"}"#] + index)
            #expect(filtered["matches"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["movie-1"])
            #expect(try await nano.json(["search", "query", "heptapods", "--fields", "body"] + index)["matches"]?[0]?["title"] == "Arrival")

            _ = try await nano.json(["search", "remove", "movie-1"] + index)
            let missing = try await nano.run(["search", "get", "movie-1"] + index)
            #expect(missing.status == 1, "\(missing)")
            #expect(try await nano.json(["search", "destroy", "--yes"] + index)["ok"] == true)
        }
    }

    @Test func searchUpdateReplacesTheDocument() async throws {
        try await NanoFixture.with { nano in
            let index = try await nano.create("search", domain: "library", ["--fields", "title", "--store-fields", "title,year"])
            _ = try await nano.json(["search", "add", "k1", "title=Dune", "year:=1965"] + index)
            // Items alone change that field and keep the others; JSON replaces the document.
            _ = try await nano.json(["search", "update", "k1", "title=Dune Messiah"] + index)
            let merged = try await nano.json(["search", "get", "k1"] + index)["doc"]
            #expect(merged?["title"] == "Dune Messiah" && merged?["year"] == 1965, "\(String(describing: merged))")
            #expect(try await nano.json(["search", "query", "messiah"] + index)["matches"]?[0]?["id"] == "k1")
            _ = try await nano.json(["search", "update", "k1", #"{"title":"Children of Dune"}"#] + index)
            let replaced = try await nano.json(["search", "get", "k1"] + index)["doc"]
            #expect(replaced?["title"] == "Children of Dune" && replaced?["year"] == nil, "\(String(describing: replaced))")
        }
    }
}
