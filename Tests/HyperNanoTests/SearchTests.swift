import Foundation
import GRDB
import HyperJSON
import TestSupport
import Testing

/// Search conformance: hyper-api.md 4.3 and 5.4, the search cases of 7.1-7.3.
@Suite struct SearchTests {
    static let movies: [JSON] = [
        ["_id": "movie-1", "type": "movie", "title": "Ghostbusters", "body": "Ghosts in New York"],
        ["_id": "movie-2", "type": "movie", "title": "Groundhog Day", "body": "The same day again"],
        ["_id": "movie-3", "type": "movie", "title": "Jaws", "body": "A shark, a beach and a bigger boat"],
        ["_id": "movie-4", "type": "movie", "title": "Caddyshack", "body": "Golf and gophers"],
        ["_id": "movie-5", "type": "movie", "title": "Spiderman", "body": "With great power"],
        ["_id": "movie-6", "type": "movie", "title": "Ironman", "body": "A suit of iron"],
        ["_id": "book-1", "type": "book", "title": "Ironman: the comic", "body": "Ironman Ironman Ironman"],
        ["_id": "movie-7", "type": "movie", "title": "Amélie", "body": "Café de Paris, crème brûlée"],
    ]

    @Test func indexLifecycle() async throws {
        try await Nano.with { nano async throws in
            #expect(try await nano.put("/search/films", ["fields": ["title"], "storeFields": ["title"]]).status == 201)
            let again = try await nano.put("/search/films", ["fields": ["title"]])
            #expect(again.status == 409)
            #expect(try await nano.put("/search/other", [:]).status == 422)
            #expect(try await nano.put("/search/other", ["fields": "title"]).status == 422)
            #expect(try await nano.delete("/search/films").status == 200)
            #expect(try await nano.delete("/search/films").status == 200)  // as minisearch: fine when missing
        }
    }

    @Test func addGetUpdateRemove() async throws {
        try await Nano.with { nano async throws in
            let doc: JSON = ["type": "movie", "title": "Chariots of Fire", "year": "1981"]
            #expect(try await nano.post("/search/test", ["key": "movie-100", "doc": doc]).status == 201)
            let duplicate = try await nano.post("/search/test", ["key": "movie-100", "doc": doc])
            #expect(duplicate.status == 409)
            #expect(duplicate.json["ok"] == false)
            let got = try await nano.get("/search/test/movie-100")
            #expect(got.status == 200)
            #expect(got.json["ok"] == true && got.json["key"] == "movie-100")
            #expect(got.json["doc"]?["title"] == "Chariots of Fire")
            let missing = try await nano.get("/search/test/xyz-123")
            #expect(missing.status == 404)
            #expect(missing.json == ["ok": false, "status": 404, "msg": "not found"])

            #expect(try await nano.put("/search/test/movie-100", ["type": "movie", "title": "Chariots of Ice"]).json == ["ok": true])
            #expect(try await nano.put("/search/test/movie-4", ["type": "movie", "title": "Caddyshack"]).status == 200)  // upsert
            let renamed = try await nano.post("/search/test/_query", ["query": "ice"])
            #expect(renamed.json["matches"]?.arrayValue?.first?["id"] == "movie-100")
            #expect(try await nano.post("/search/test/_query", ["query": "fire"]).json["matches"] == [])

            #expect(try await nano.delete("/search/test/movie-100").json == ["ok": true])
            #expect(try await nano.delete("/search/test/movie-100").status == 404)
            #expect(try await nano.post("/search/test", ["key": "k", "doc": "text"]).status == 422)
            #expect(try await nano.post("/search/nope", ["key": "k", "doc": ["title": "x"]]).status == 404)
        }
    }

    @Test func queryWithFieldsFilterAndRanking() async throws {
        try await Nano.with { nano async throws in
            let loaded = try await nano.post("/search/test/_bulk", .array(Self.movies))
            #expect(loaded.status == 201)
            #expect(loaded.json["results"]?.arrayValue?.count == Self.movies.count)

            let ironman = try await nano.post("/search/test/_query", ["query": "Ironman", "fields": ["title"], "filter": ["type": "movie"]])
            #expect(ironman.status == 200)
            let matches = ironman.json["matches"]?.arrayValue ?? []
            #expect(matches.count == 1)
            let match = try #require(matches.first)
            #expect(match["id"] == "movie-6")
            #expect((match["score"]?.doubleValue ?? 0) > 0)
            #expect(match["terms"] == ["ironman"])
            #expect(match["match"] == ["ironman": ["title"]])
            #expect(match["title"] == "Ironman" && match["type"] == "movie")
            #expect(match["body"] == nil)  // not a stored field

            // without the filter the book, which says Ironman four times, ranks first
            let ranked = try await nano.post("/search/test/_query", ["query": "ironman"]).json["matches"]?.arrayValue ?? []
            #expect(ranked.compactMap { $0["id"]?.stringValue } == ["book-1", "movie-6"])

            #expect(try await nano.post("/search/test/_query", ["query": "Spiderman", "filter": ["type": "movie"]]).json["matches"]?.arrayValue?.count == 1)
            #expect(try await nano.post("/search/test/_query", ["query": "Jaws"]).json["matches"]?.arrayValue?.count == 1)
            #expect(try await nano.post("/search/test/_query", ["query": "Jaws", "filter": ["body": "x"]]).json["matches"] == [])
            // null options count as absent (the Python SDK sends filter: None)
            #expect(try await nano.post("/search/test/_query", ["query": "Chariots Jaws", "fields": nil, "filter": nil]).json["matches"]?.arrayValue?.count == 1)
            // OR of terms, diacritics and case ignored
            #expect(try await nano.post("/search/test/_query", ["query": "CAFE shark"]).json["matches"]?.arrayValue?.count == 2)
            // `terms` in query order, `match` naming each field a term is in (diacritics folded
            // as the index folds them); `fields` narrows both.
            let amelie = try await nano.post("/search/test/_query", ["query": "paris AMELIE cafe"]).json["matches"]?[0]
            #expect(amelie?["terms"] == ["paris", "amelie", "cafe"])
            #expect(amelie?["match"] == ["paris": ["body"], "amelie": ["title"], "cafe": ["body"]])
            let ironmen = try await nano.post("/search/test/_query", ["query": "ironman comic", "fields": ["body"]]).json["matches"]
            #expect(ironmen?.arrayValue?.count == 1)
            #expect(ironmen?[0]?["terms"] == ["ironman"] && ironmen?[0]?["match"] == ["ironman": ["body"]])
            let both = try await nano.post("/search/test/_query", ["query": "ironman"]).json["matches"]?[0]
            #expect(both?["id"] == "book-1" && both?["match"] == ["ironman": ["title", "body"]])
            // FTS syntax in user text is just text
            #expect(try await nano.post("/search/test/_query", ["query": "\"jaws\" OR title:*"]).status == 200)

            let empty = try await nano.post("/search/test/_query", ["query": ""])
            #expect(empty.status == 422)
            #expect(empty.json["msg"] == "query is required!")
            #expect(try await nano.post("/search/test/_query", ["query": "x", "fields": "title"]).status == 422)
        }
    }

    @Test func bulkAcceptsIdOrUnderscoreId() async throws {
        try await Nano.with { nano async throws in
            let reply = try await nano.post("/search/test/_bulk", [["id": "1", "title": "one"], ["_id": "2", "title": "two"]])
            #expect(reply.status == 201)
            #expect(reply.json["ok"] == true)
            #expect(reply.json["results"] == [["ok": true, "id": "1"], ["ok": true, "id": "2"]])
            #expect(try await nano.post("/search/test/_bulk", [["title": "no id"]]).status == 422)
        }
    }

    /// MiniSearch's result object, exactly (key order included): id, score, the query terms
    /// found (query order, diacritics and case folded), the searched fields each is in (index
    /// order), then the stored fields that have a value, in `storeFields` order.
    @Test func matchesHaveMiniSearchsShapeExactly() async throws {
        try await Nano.with { nano async throws in
            #expect(try await nano.put("/search/films", ["fields": ["title", "body"], "storeFields": ["year", "title", "type"]]).status == 201)
            let docs: [JSON] = [
                ["_id": "a", "title": "Crème Brûlée", "body": "Paris paris café", "year": 2001, "type": "movie"],
                ["_id": "b", "title": "Paris", "body": "no dessert here", "type": .null],
                ["_id": "c", "title": "Elsewhere", "body": "nothing to see"],
            ]
            #expect(try await nano.post("/search/films/_bulk", .array(docs)).status == 201)
            let matches = try await nano.post("/search/films/_query", ["query": "CREME Paris creme"]).json["matches"]?.arrayValue ?? []
            #expect(matches.count == 2)
            var shapes = matches.map { match -> JSON in
                guard case .object(var object) = match else { return match }
                #expect((object["score"]?.doubleValue ?? 0) > 0, "\(match)")
                object["score"] = 0
                return .object(object)
            }
            shapes.sort { ($0["id"]?.stringValue ?? "") < ($1["id"]?.stringValue ?? "") }
            #expect(shapes == [
                ["id": "a", "score": 0, "terms": ["creme", "paris"], "match": ["creme": ["title"], "paris": ["body"]],
                 "year": 2001, "title": "Crème Brûlée", "type": "movie"],
                ["id": "b", "score": 0, "terms": ["paris"], "match": ["paris": ["title"]], "title": "Paris"],
            ])
            let raw = try await nano.post("/search/films/_query", ["query": "elsewhere"]).text
            #expect(raw.hasPrefix(#"{"ok":true,"matches":[{"id":"c","score":"#), "\(raw)")
            #expect(raw.hasSuffix(#","terms":["elsewhere"],"match":{"elsewhere":["title"]},"title":"Elsewhere"}]}"#), "\(raw)")
        }
    }

    /// A stored field named like one of the four fixed keys takes its place, as JavaScript's
    /// `{id, score, terms, match, ...stored}` does; without a value it leaves it alone.
    @Test func storedFieldsNamedLikeTheFixedKeysTakeTheirPlace() async throws {
        try await Nano.with { nano async throws in
            #expect(try await nano.put("/search/odd", ["fields": ["title"], "storeFields": ["title", "score", "id"]]).status == 201)
            _ = try await nano.post("/search/odd/_bulk", [["_id": "k1", "title": "ghost", "score": "ten"], ["_id": "k2", "title": "ghost story"]])
            let matches = try await nano.post("/search/odd/_query", ["query": "ghost"]).json["matches"]?.arrayValue ?? []
            let first = try #require(matches.first { $0["id"] == "k1" })
            guard case .object(let object) = first else { Issue.record("not an object"); return }
            #expect(Array(object.keys) == ["id", "score", "terms", "match", "title"])
            #expect(object["score"] == "ten" && object["id"] == "k1")
            let second = try #require(matches.first { $0["id"] == "k2" })
            #expect((second["score"]?.doubleValue ?? 0) > 0)
        }
    }

    /// The filter compares stored values as JSON values (a number by value), never matches a
    /// field that is not stored or a null, and is applied before `limit`.
    @Test func filtersCompareJSONValues() async throws {
        try await Nano.with { nano async throws in
            #expect(try await nano.put("/search/films", ["fields": ["title"], "storeFields": ["year", "tags", "note"]]).status == 201)
            let body = #"[{"_id":"a","title":"ghost","year":1999.0,"tags":["x","y"],"note":null},"#
                + #"{"_id":"b","title":"ghost ghost","year":2000,"tags":["y","x"]},{"_id":"c","title":"ghost","year":"1999"}]"#
            #expect(try await nano.request("POST", "/search/films/_bulk", body: Data(body.utf8), headers: ["Content-Type": "application/json"]).status == 201)
            func ids(_ filter: JSON, limit: Int? = nil) async throws -> [String] {
                var query: JSONObject = ["query": "ghost", "filter": filter]
                if let limit { query["limit"] = JSON(limit) }
                let reply = try await nano.post("/search/films/_query", .object(query))
                #expect(reply.status == 200, "\(reply.text)")
                return (reply.json["matches"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }.sorted()
            }
            #expect(try await ids(["year": 1999]) == ["a"])
            #expect(try await ids(["year": "1999"]) == ["c"])
            #expect(try await ids(["tags": ["x", "y"]]) == ["a"])
            #expect(try await ids(["note": .null]) == [])
            #expect(try await ids(["title": "ghost"]) == [])  // not a stored field
            #expect(try await ids(["year": 2000, "tags": ["y", "x"]]) == ["b"])
            #expect(try await ids(["year": 1999], limit: 1) == ["a"])
        }
    }

    /// The `search-limit` extension: `limit` keeps the best matches, in the same order and with
    /// the same scores as without it; announced in `GET /`; anything but a count is 422.
    @Test func limitKeepsTheBestMatches() async throws {
        try await Nano.with { nano async throws in
            #expect(try await nano.get("/").json["extensions"]?.arrayValue?.contains("search-limit") == true)
            let docs: [JSON] = (0..<30).map { i in
                ["_id": .string("m\(i)"), "type": "movie", "title": .string(Array(repeating: "ghost", count: i % 7 + 1).joined(separator: " ") + " \(i)")]
            }
            #expect(try await nano.post("/search/test/_bulk", .array(docs)).status == 201)
            let all = try await nano.post("/search/test/_query", ["query": "ghost"]).json["matches"]?.arrayValue ?? []
            #expect(all.count == 30)
            for limit in [0, 1, 5, 29, 30, 100] {
                let some = try await nano.post("/search/test/_query", ["query": "ghost", "limit": JSON(limit)]).json["matches"]?.arrayValue
                #expect(some == Array(all.prefix(limit)), "limit \(limit)")
            }
            #expect(try await nano.post("/search/test/_query", ["query": "ghost", "limit": "3"]).json["matches"]?.arrayValue?.count == 3)
            for bad: JSON in [-1, 1.5, "x", true, [1]] {
                let refused = try await nano.post("/search/test/_query", ["query": "ghost", "limit": bad])
                #expect(refused.status == 422 && refused.json["msg"]?.stringValue?.contains("'limit'") == true, "\(bad): \(refused.text)")
            }
        }
    }

    /// Each distinct word costs a lookup per field: a 10 MB query of distinct words held a
    /// worker for minutes. Repeated words count once.
    @Test func queriesAreBoundedInDistinctWords() async throws {
        try await Nano.with { nano async throws in
            let words = (0..<257).map { "w\($0)" }
            let tooMany = try await nano.post("/search/test/_query", ["query": .string(words.joined(separator: " "))])
            #expect(tooMany.status == 400)
            #expect(tooMany.json["msg"]?.stringValue?.contains("256") == true, "\(tooMany.text)")
            let enough = try await nano.post("/search/test/_query", ["query": .string(words.dropLast().joined(separator: " "))])
            #expect(enough.status == 200)
            let repeated = try await nano.post("/search/test/_query", ["query": .string(Array(repeating: "same", count: 5000).joined(separator: " "))])
            #expect(repeated.status == 200)
        }
    }
}

/// Databases written before search kept stored fields in their own column are migrated on open.
@Suite struct SearchMigrationTests {
    @Test func storedFieldsColumnIsFilledForOldIndexes() async throws {
        let directory = TestNano.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try await Nano.start(directory: directory)
        _ = try await first.post("/search/test", ["key": "movie-1", "doc": ["title": "Ghostbusters", "type": "movie"]])
        await first.stop()
        // turn the file back into the first schema version
        let queue = try DatabaseQueue(path: directory + "/nano.sqlite")
        try await queue.write { db in
            let id = try #require(try Int64.fetchOne(db, sql: "SELECT id FROM search_indexes WHERE name = 'test'"))
            try db.execute(sql: "ALTER TABLE search_docs_\(id) DROP COLUMN stored")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier LIKE 'v2%'")
        }
        try queue.close()

        let second = try await Nano.start(directory: directory)
        let match = try await second.post("/search/test/_query", ["query": "ghostbusters"]).json["matches"]?[0]
        #expect(match?["title"] == "Ghostbusters" && match?["type"] == "movie")
        await second.stop()
    }
}
