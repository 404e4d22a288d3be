import Foundation
import HyperJSON
import HyperModel
import Testing

/// `hyper-vision data ...` against a real nano server.
@Suite("CLI data")
struct CLIDataTests {
    @Test func documentLifecycleInAFreshDomain() async throws {
        try await NanoFixture.with { nano in
            let movies = try await nano.create("data", domain: "movies")

            // A JSON argument, items (string, raw JSON, nested), and stdin.
            let added = try await nano.json(["data", "add", #"{"_id":"movie-1","zeta":1,"alpha":"Dune"}"#] + movies)
            #expect(added["id"] == "movie-1")
            _ = try await nano.json(["data", "add", "_id=movie-2", "title=Arrival", "year:=2016",
                                     "tags:=[\"sf\",\"linguistics\"]", "director.name=Villeneuve"] + movies)
            _ = try await nano.json(["data", "add", "-f", "-", "year:=1979"] + movies,
                                    stdin: #"{"_id":"movie-3","title":"Alien"}"#)

            // get prints the document itself, keys in stored order.
            let first = try await nano.run(["data", "get", "movie-1"] + movies)
            #expect(first.status == 0, "\(first)")
            #expect(first.stdoutText == #"{"_id":"movie-1","zeta":1,"alpha":"Dune"}"# + "\n")
            let second = try await nano.json(["data", "get", "movie-2"] + movies)
            #expect(second == ["_id": "movie-2", "title": "Arrival", "year": 2016, "tags": ["sf", "linguistics"],
                               "director": ["name": "Villeneuve"]])
            #expect(try await nano.json(["data", "get", "movie-3"] + movies)["year"] == 1979)

            // Items alone change those fields of the server's document and keep the others (it
            // used to send just them: every other field was gone).
            _ = try await nano.json(["data", "update", "movie-2", "year:=2017", "director.born:=1967"] + movies)
            #expect(try await nano.json(["data", "get", "movie-2"] + movies)
                    == ["_id": "movie-2", "title": "Arrival", "year": 2017, "tags": ["sf", "linguistics"],
                        "director": ["name": "Villeneuve", "born": 1967]])
            let absent = try await nano.run(["data", "update", "movie-9", "year:=1"] + movies)
            #expect(absent.status == 1 && absent.stderr.contains("document movie-9 does not exist"), "\(absent)")

            // hyper cannot rename a document: an _id that is not the id given is refused, in
            // items or JSON, and nothing is written (nano used to answer ok and keep the old _id).
            for rename in [["_id=movie-7"], [#"{"_id":"movie-7","title":"Arrival"}"#]] {
                let refused = try await nano.run(["data", "update", "movie-2"] + rename + movies)
                #expect(refused.status == 2 && refused.stderr.contains(#"_id is "movie-7", not "movie-2""#), "\(refused)")
            }
            #expect(try await nano.json(["data", "get", "movie-2"] + movies)["year"] == 2017)
            #expect(try await nano.run(["data", "get", "movie-7"] + movies).status == 1)

            // update replaces; items edit a document read from stdin.
            _ = try await nano.json(["data", "update", "movie-3", "-f", "-", "year:=1980"] + movies,
                                    stdin: #"{"_id":"movie-3","title":"Alien"}"#)
            #expect(try await nano.json(["data", "get", "movie-3"] + movies)["year"] == 1980)

            // remove, then get answers ok:false: exit 1, status and msg on stderr, nothing on stdout.
            _ = try await nano.json(["data", "remove", "movie-1"] + movies)
            let missing = try await nano.run(["data", "get", "movie-1"] + movies)
            #expect(missing.status == 1, "\(missing)")
            #expect(missing.stderr.contains("404"), "\(missing)")
            #expect(missing.stderr.contains("movie-1"), "\(missing)")
            #expect(missing.stdout.isEmpty)

            #expect(try await nano.json(["data", "destroy", "--yes"] + movies)["ok"] == true)
            let gone = try await nano.run(["data", "get", "movie-2"] + movies)
            #expect(gone.status == 1, "\(gone)")
        }
    }

    /// An empty id (a script's unset variable: `data remove "$ID"`) is refused with exit 2 and
    /// nothing is sent: `DELETE /data/test/` is hyper's route that drops the whole database.
    /// So is an id under a connection without a domain (`/data/ID` is the database named ID), and
    /// an object name with an empty part. `.` and `..` are ids like others, not folders.
    @Test func idsThatWouldAddressSomethingElseAreRefused() async throws {
        try await NanoFixture.with(demoSize: 20) { nano in
            for arguments in [["data", "remove", ""], ["data", "get", ""], ["data", "update", "", "a=1"],
                              ["cache", "remove", ""], ["search", "remove", ""], ["storage", "remove", ""],
                              ["storage", "remove", "notes//readme.txt"], ["queue", "cancel", ""]] {
                let refused = try await nano.run(arguments)
                #expect(refused.status == 2, "\(arguments): \(refused)")
                #expect(refused.stderr.contains("refused, nothing was sent"), "\(arguments): \(refused)")
            }
            // Everything is still there.
            #expect(try await nano.json(["data", "list", "--limit", "1"])["docs"]?.arrayValue?.count == 1)
            #expect(try await nano.json(["cache", "query"])["docs"]?.arrayValue?.isEmpty == false)
            #expect(try await nano.json(["storage", "list"])["ok"] == true)
            #expect(try await nano.json(["search", "query", "lighthouse"])["ok"] == true)

            let bare = "http://\(NanoFixture.key):\(NanoFixture.secret)@127.0.0.1:\(nano.port)"
            _ = try await nano.create("data", domain: "orders")
            let noDomain = try await nano.run(["data", "remove", "orders"], environment: ["HYPER": bare])
            #expect(noDomain.status == 2, "\(noDomain)")
            #expect(noDomain.stderr.contains("names no domain"), "\(noDomain)")
            #expect(try await nano.json(["data", "list", "--domain", "orders"])["ok"] == true, "the orders database stays")
            // A list without a domain would print GET /data/'s description of the service as if it were the list.
            let listing = try await nano.run(["data", "list"], environment: ["HYPER": bare])
            #expect(listing.status == 2 && listing.stdout.isEmpty, "\(listing)")

            for id in [".", ".."] {
                _ = try await nano.json(["data", "add", "_id=\(id)", "dots:=\(id.count)"])
                #expect(try await nano.json(["data", "get", id])["dots"]?.intValue == id.count)
                _ = try await nano.json(["data", "remove", id])
            }
            #expect(try await nano.json(["data", "list", "--limit", "1"])["docs"]?.arrayValue?.count == 1)
        }
    }

    @Test func listOptionsMapToHypersNames() async throws {
        try await NanoFixture.with { nano in
            let docs = (1...6).map { #"{"_id":"doc-\#($0)","n":\#($0)}"# }.joined(separator: ",")
            let bulk = try await nano.json(["data", "bulk", "[\(docs)]"])
            #expect(bulk["results"]?.arrayValue?.count == 6)

            func ids(_ arguments: [String]) async throws -> [String] {
                try await nano.json(["data", "list"] + arguments)["docs"]?.arrayValue?.compactMap { $0["_id"]?.stringValue } ?? []
            }
            #expect(try await ids(["--startkey", "doc-2", "--endkey", "doc-4"]) == ["doc-2", "doc-3", "doc-4"])
            #expect(try await ids(["--limit", "2"]) == ["doc-1", "doc-2"])
            #expect(try await ids(["--keys", "doc-5,doc-1"]).sorted() == ["doc-1", "doc-5"])
            #expect(try await ids(["--descending", "--limit", "2"]) == ["doc-6", "doc-5"])
        }
    }

    @Test func queryOptionsMapToHypersNames() async throws {
        try await NanoFixture.with { nano in
            let docs = [
                #"{"_id":"a","type":"movie","year":1965,"title":"Dune"}"#,
                #"{"_id":"b","type":"movie","year":2016,"title":"Arrival"}"#,
                #"{"_id":"c","type":"book","year":1965,"title":"Dune"}"#,
                #"{"_id":"d","type":"movie","year":1979,"title":"Alien"}"#,
            ].joined(separator: ",")
            _ = try await nano.json(["data", "bulk", "-f", "-"], stdin: "[\(docs)]")
            _ = try await nano.json(["data", "index", "idx-type-year", "--fields", "type,year"])

            // Items make the selector; short sort form; projection.
            let movies = try await nano.json(["data", "query", "type=movie", "--sort", "-year", "--fields", "_id,year"])
            #expect(movies["docs"] == [["_id": "b", "year": 2016], ["_id": "d", "year": 1979], ["_id": "a", "year": 1965]])

            let paged = try await nano.json(["data", "query", "--selector", #"{"type":"movie"}"#,
                                             "--sort", #"[{"year":"ASC"}]"#, "--limit", "1", "--skip", "1",
                                             "--use-index", "idx-type-year"])
            #expect(paged["docs"]?[0]?["_id"] == "d")

            let byJSON = try await nano.json(["data", "query", #"{"year":{"$lt":1970}}"#, "--sort", "type"])
            #expect(byJSON["docs"]?.arrayValue?.compactMap { $0["_id"]?.stringValue } == ["c", "a"])

            let itemOperator = try await nano.json(["data", "query", "type=movie", #"year:={"$gt":1970}"#, "--sort", "year"])
            #expect(itemOperator["docs"]?.arrayValue?.compactMap { $0["_id"]?.stringValue } == ["d", "b"])

            let both = try await nano.run(["data", "query", "type=movie", "--selector", "{}"])
            #expect(both.status == 2, "\(both)")
        }
    }

    /// `data query` reads the browser's query language: operators, sort= and fields= terms, a
    /// full Mango body as one argument or from a file; --help prints the grammar.
    @Test func queryTakesTheBrowsersLanguage() async throws {
        try await NanoFixture.with { nano in
            let docs = [#"{"_id":"a","type":"movie","year":1965,"title":"Alphaville"}"#,
                        #"{"_id":"b","type":"movie","year":2016,"title":"Arrival"}"#,
                        #"{"_id":"c","type":"book","year":1965,"title":"Dune"}"#].joined(separator: ",")
            _ = try await nano.json(["data", "bulk", "-f", "-"], stdin: "[\(docs)]")
            func ids(_ arguments: [String]) async throws -> [String] {
                try await nano.json(["data", "query"] + arguments)["docs"]?.arrayValue?.compactMap { $0["_id"]?.stringValue } ?? []
            }
            #expect(try await ids(["type=movie", "year>1970"]) == ["b"])
            #expect(try await ids(["title~^A", "sort=-year", "fields=_id"]) == ["b", "a"])
            #expect(try await ids(["year=1965", "sort=title:desc"]) == ["c", "a"])
            let body = #"{"selector":{"year":{"$lt":2000}},"sort":[{"title":"DESC"}],"fields":["_id"],"limit":1}"#
            #expect(try await ids([body]) == ["c"])
            let file = try nano.sandbox.write("query.json", body)
            #expect(try await ids(["-f", file, "--limit", "2"]) == ["c", "a"], "flags win over the body")
            let bad = try await nano.run(["data", "query", "movie"])
            #expect(bad.status == 2 && bad.stderr.contains("invalid query"), "\(bad)")
            // The browser's whole line in one argument is one term: it says so, and how to split it.
            let quoted = try await nano.run(["data", "query", "type=movie year>1970 title~'A"])
            #expect(quoted.status == 0 && quoted.stdoutText.contains(#""docs":[]"#), "\(quoted)")
            #expect(quoted.stderr.contains(#"note: 'type=movie year>1970 title~'A' is one term"#)
                    && quoted.stderr.contains(#"give each term its own argument: type=movie 'year>1970' 'title~'\''A'"#), "\(quoted)")
            let wholeValue = try await nano.run(["data", "query", "title=Back to the Future"])
            #expect(wholeValue.status == 0 && !wholeValue.stderr.contains("note:"), "a value with spaces is meant whole: \(wholeValue)")
            let help = try await nano.run(["data", "query", "--help"])
            #expect(QueryLanguage.grammar.allSatisfy { help.stdoutText.replacingOccurrences(of: "\n", with: " ")
                .contains($0.split(separator: " ").first.map(String.init) ?? $0) }, "\(help.stdoutText)")
        }
    }

    @Test func conflictingAddExitsOneWithTheServersMessage() async throws {
        try await NanoFixture.with { nano in
            _ = try await nano.json(["data", "add", "_id=dup"])
            let again = try await nano.run(["data", "add", "_id=dup"])
            #expect(again.status == 1, "\(again)")
            #expect(again.stderr.contains("409"), "\(again)")
            #expect(again.stderr.contains("dup"), "\(again)")
        }
    }
}
