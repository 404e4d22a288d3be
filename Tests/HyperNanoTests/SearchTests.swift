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
