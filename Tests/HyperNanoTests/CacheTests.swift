import Foundation
import GRDB
@testable import HyperNano
import HyperJSON
import Testing

/// Cache conformance: hyper-api.md 4.2 and 5.3, the cache cases of 7.1-7.3.
@Suite struct CacheTests {
    @Test func storeLifecycle() async throws {
        try await Nano.with { nano async throws in
            #expect(try await nano.put("/cache/Movies").status == 201)  // lowercased on create
            #expect(try await nano.put("/cache/movies").status == 409)
            let invalid = try await nano.put("/cache/-bad")
            #expect(invalid.status == 422)
            #expect(invalid.json == ["ok": false, "status": 422, "msg": "name is not valid"])
            #expect(try await nano.get("/cache").json["stores"] == ["movies", "test"])
            #expect(try await nano.delete("/cache/movies").status == 200)
            #expect(try await nano.delete("/cache/movies").status == 404)
        }
    }

    @Test func addGetConflictAndErrors() async throws {
        try await Nano.with { nano async throws in
            let added = try await nano.post("/cache/test", ["key": "test-20", "value": ["title": "Batman"], "ttl": "2h"])
            #expect(added.status == 201)
            #expect(added.json == ["ok": true])
            let conflict = try await nano.post("/cache/test", ["key": "test-20", "value": ["title": "Batman"]])
            #expect(conflict.status == 409)
            #expect(conflict.json["ok"] == false)

            let raw = try await nano.get("/cache/test/test-20")
            #expect(raw.status == 200)
            #expect(raw.json == ["title": "Batman"])
            let wrapped = try await nano.get("/cache/test/test-20", headers: ["X-HYPER-LEGACY-GET": "false"])
            #expect(wrapped.json == ["ok": true, "doc": ["title": "Batman"]])
            let missing = try await nano.get("/cache/test/nope")
            #expect(missing.status == 404)
            #expect(missing.json["ok"] == false)

            #expect(try await nano.post("/cache/nostore", ["key": "a", "value": ["x": 1]]).status == 404)
            #expect(try await nano.post("/cache/test", ["key": "Upper", "value": ["x": 1]]).json["msg"] == "key is not valid")
            #expect(try await nano.post("/cache/test", ["key": "a.b", "value": ["x": 1]]).status == 422)
            #expect(try await nano.post("/cache/test", ["key": "a-~_/$+9", "value": ["x": 1]]).status == 201)
            let arrayValue = try await nano.post("/cache/test", ["key": "arr", "value": [1, 2]])
            #expect(arrayValue.status == 422)
            #expect(arrayValue.json["msg"]?.stringValue?.contains("'value'") == true)
            #expect(try await nano.post("/cache/test", ["key": "num", "value": ["x": 1], "ttl": 60000]).status == 422)
            #expect(try await nano.post("/cache/test", ["key": "bad", "value": ["x": 1], "ttl": "soon"]).status == 422)
            #expect(try await nano.post("/cache/test", ["key": "nullttl", "value": ["x": 1], "ttl": nil]).status == 201)
            #expect(try await nano.request("POST", "/cache/test").status == 422)
        }
    }

    @Test func setUpsertsAndReplaces() async throws {
        try await Nano.with { nano async throws in
            _ = try await nano.post("/cache/test", ["key": "movie-1", "value": ["title": "Dune", "year": 1984]])
            let set = try await nano.put("/cache/test/movie-1", ["title": "Dune: Part One"])
            #expect(set.status == 200)
            #expect(set.json == ["ok": true])
            #expect(try await nano.get("/cache/test/movie-1").json == ["title": "Dune: Part One"])  // replaced, not merged
            #expect(try await nano.put("/cache/test/movie-2?ttl=1d", ["title": "New"]).status == 200)
            #expect(try await nano.get("/cache/test/movie-2").json == ["title": "New"])
            #expect(try await nano.put("/cache/test/movie-3?ttl=whenever", ["title": "x"]).status == 422)
        }
    }

    @Test func removeIsFineForMissingKeys() async throws {
        try await Nano.with { nano async throws in
            _ = try await nano.post("/cache/test", ["key": "gone", "value": ["x": 1]])
            #expect(try await nano.delete("/cache/test/gone").json == ["ok": true])
            #expect(try await nano.delete("/cache/test/gone").status == 200)
            #expect(try await nano.get("/cache/test/gone").status == 404)
            #expect(try await nano.delete("/cache/nostore/gone").status == 404)
        }
    }

    @Test func queryByGlobPattern() async throws {
        try await Nano.with { nano async throws in
            for key in ["movie-1", "movie-2", "movie-3", "series-movie", "a-movie", "b-movie"] {
                _ = try await nano.post("/cache/test", ["key": .string(key), "value": ["k": .string(key)]])
            }
            func keys(_ method: String, _ pattern: String?) async throws -> [String] {
                let path = "/cache/test/_query" + (pattern.map { "?pattern=" + $0 } ?? "")
                let reply = try await nano.request(method, path)
                #expect(reply.status == 200)
                let docs = reply.json["docs"]?.arrayValue ?? []
                #expect(docs.allSatisfy { $0["value"]?["k"] == $0["key"] })
                return docs.compactMap { $0["key"]?.stringValue }
            }
            #expect(try await keys("POST", "*").count == 6)
            #expect(try await keys("GET", nil).count == 6)
            #expect(try await keys("POST", "movie-*") == ["movie-1", "movie-2", "movie-3"])
            #expect(try await keys("POST", "*-movie") == ["a-movie", "b-movie", "series-movie"])
            #expect(try await keys("POST", "*e*-*") == ["movie-1", "movie-2", "movie-3", "series-movie"])  // every * counts
            #expect(try await keys("POST", "movie-?") == ["movie-1", "movie-2", "movie-3"])
        }
    }

    @Test func ttlExpiresLazily() async throws {
        try await Nano.with { nano async throws in
            _ = try await nano.post("/cache/test", ["key": "brief", "value": ["x": 1], "ttl": "1s"])
            _ = try await nano.post("/cache/test", ["key": "lasting", "value": ["x": 1], "ttl": "1 hour"])
            // (no timing-sensitive "still there" check: a loaded test machine can stall past 1s)
            try await Task.sleep(for: .milliseconds(1300))
            #expect(try await nano.get("/cache/test/brief").status == 404)
            #expect(try await nano.get("/cache/test/lasting").status == 200)
            #expect(try await nano.post("/cache/test/_query?pattern=*", [:]).json["docs"]?.arrayValue?.count == 1)
            // an expired key can be added again
            #expect(try await nano.post("/cache/test", ["key": "brief", "value": ["x": 2]]).status == 201)
        }
    }

    /// Every cache query first deletes its store's expired keys: that must read the expiry
    /// index, never the values (before it, a query read every value of the store).
    @Test func theExpirySweepReadsTheIndexNotTheValues() async throws {
        try await Nano.with { nano async throws in
            _ = try await nano.post("/cache/test", ["key": "brief", "value": ["x": 1], "ttl": "1 hour"])
            let queue = try DatabaseQueue(path: nano.directory + "/nano.sqlite")
            let plan = try await queue.read { db in
                try String.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + CacheStore.expiredSweepSQL, arguments: ["test", 0],
                                    adapter: SuffixRowAdapter(fromIndex: 3))
            }
            #expect(plan.count == 1 && plan[0].contains("USING COVERING INDEX cache_entries_expiry"), "\(plan)")
        }
    }
}
