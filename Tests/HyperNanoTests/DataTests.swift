import Foundation
import HyperJSON
import TestSupport
import Testing

/// Data conformance: hyper-api.md 4.1, the data cases of 7.1-7.3 (with `_id`), and 5.6 codes.
@Suite struct DataTests {
    @Test func infoRoutes() async throws {
        try await Nano.with { nano async throws in
            let root = try await nano.get("/")
            #expect(root.status == 200)
            #expect(root.json["name"] == "hyper")
            #expect(root.json["services"] == ["cache", "data", "storage", "search", "queue"])
            #expect(root.json["extensions"] == ["storage-list", "queue-retry", "queue-cancel", "cache-replace", "cache-glob", "search-limit"])
            #expect(try await nano.get("/data").json["name"] == "hyper Data")
            #expect(try await nano.get("/search").json["name"] == "hyper63 Search")
            #expect(try await nano.get("/storage").json["name"] == "hyper63 Storage")
            #expect(try await nano.get("/cache").json["stores"] == ["test"])
            #expect(try await nano.get("/queue").json["queues"] == ["test"])
        }
    }

    /// `GET /` names the nano folder's instance: the same after a restart on another port and
    /// after `--purge`, another for another folder.
    @Test func theInstanceIsTheFoldersWhateverThePort() async throws {
        let directory = TestNano.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try await Nano.start(directory: directory)
        let instance = try #require(try await first.get("/").json["instance"]?.stringValue)
        #expect(instance.count == 16 && instance.allSatisfy(\.isHexDigit))
        await first.stop()
        let again = try await Nano.start(directory: directory) { $0.purge = true }
        #expect(again.port != 0)
        #expect(try await again.get("/").json["instance"]?.stringValue == instance)
        await again.stop()
        try await Nano.with { other async throws in
            #expect(try await other.get("/").json["instance"]?.stringValue != instance)
        }
    }

    @Test func serviceCreateAndDestroy() async throws {
        try await Nano.with { nano async throws in
            #expect(try await nano.put("/data/movies").status == 201)
            let again = try await nano.put("/data/movies")
            #expect(again.status == 409)
            #expect(again.json == ["ok": false, "status": 409, "msg": "database already exists"])
            #expect(try await nano.delete("/data/movies").status == 200)
            #expect(try await nano.delete("/data/movies").status == 404)
            #expect(try await nano.post("/data/movies", ["type": "x"]).status == 404)
        }
    }

    @Test func createDocument() async throws {
        try await Nano.with { nano async throws in
            let generated = try await nano.post("/data/test", ["type": "test"])
            #expect(generated.status == 201)
            #expect(generated.json["ok"] == true)
            let id = try #require(generated.json["id"]?.stringValue)
            #expect(try await nano.get("/data/test/\(id)").json["_id"] == .string(id))

            let withID = try await nano.post("/data/test", ["_id": "10", "type": "test"])
            #expect(withID.status == 201)
            #expect(withID.json == ["ok": true, "id": "10"])
            let conflict = try await nano.post("/data/test", ["_id": "10", "type": "test"])
            #expect(conflict.status == 409)
            #expect(conflict.json["ok"] == false)
            // `id` has no special meaning since core 2.0: it is a plain field.
            let plainID = try await nano.post("/data/test", ["id": "game-1"])
            #expect(plainID.json["id"] != "game-1")

            let empty = try await nano.request("POST", "/data/test")
            #expect(empty.status == 400)
            #expect(empty.json == ["ok": false, "status": 400, "msg": "document empty"])
            #expect(try await nano.post("/data/test", [:]).status == 400)
            let array = try await nano.post("/data/test", [1, 2])
            #expect(array.status == 422)
            #expect(array.json["msg"]?.stringValue?.contains("'doc'") == true)
            #expect(try await nano.post("/data/test", ["_id": 5]).status == 422)
        }
    }

    @Test func getDocumentLegacyAndWrapped() async throws {
        try await Nano.with { nano async throws in
            _ = try await nano.post("/data/test", ["_id": "42", "type": "test", "nested": ["a": [1, "ü"]]])
            let raw = try await nano.get("/data/test/42")
            #expect(raw.status == 200)
            #expect(raw.json == ["_id": "42", "type": "test", "nested": ["a": [1, "ü"]]])
            #expect(raw.header("Content-Type")?.hasPrefix("application/json") == true)
            #expect(try await nano.get("/data/test/42", headers: ["X-HYPER-LEGACY-GET": "true"]).json["_id"] == "42")
            let wrapped = try await nano.get("/data/test/42", headers: ["X-HYPER-LEGACY-GET": "false"])
            #expect(wrapped.json == ["ok": true, "doc": ["_id": "42", "type": "test", "nested": ["a": [1, "ü"]]]])
            let missing = try await nano.get("/data/test/nope")
            #expect(missing.status == 404)
            #expect(missing.json == ["ok": false, "status": 404, "msg": "document with _id nope does not exist"])
            // ids with spaces and slashes travel percent-encoded
            _ = try await nano.post("/data/test", ["_id": "a b/c", "v": 1])
            #expect(try await nano.get("/data/test/a%20b%2Fc").json["v"] == 1)
        }
    }

    /// GET by id has its own read connections (DocumentReader): they see every committed write,
    /// a dropped and re-created database, and answer hyper's 404s.
    @Test func getByIDFollowsWritesAndDroppedDatabases() async throws {
        try await Nano.with { nano async throws in
            #expect(try await nano.put("/data/films").status == 201)
            _ = try await nano.post("/data/films", ["_id": "f1", "v": 1])
            #expect(try await nano.get("/data/films/f1").text == #"{"_id":"f1","v":1}"#)
            _ = try await nano.put("/data/films/f1", ["_id": "f1", "v": 2])
            #expect(try await nano.get("/data/films/f1").json["v"] == 2)
            _ = try await nano.delete("/data/films/f1")
            #expect(try await nano.get("/data/films/f1").status == 404)

            _ = try await nano.post("/data/films", ["_id": "f1", "v": 3])
            #expect(try await nano.delete("/data/films").status == 200)
            let gone = try await nano.get("/data/films/f1")
            #expect(gone.status == 404 && gone.json["msg"] == "database does not exist")
            #expect(try await nano.put("/data/films").status == 201)
            #expect(try await nano.get("/data/films/f1").json["msg"] == "document with _id f1 does not exist")
            _ = try await nano.post("/data/films", ["_id": "f1", "v": 4])
            #expect(try await nano.get("/data/films/f1").json["v"] == 4)

            // Many readers at once, each sees its own document.
            for i in 0..<20 { _ = try await nano.post("/data/films", ["_id": .string("c\(i)"), "i": JSON(i)]) }
            try await withThrowingTaskGroup(of: Bool.self) { group in
                for i in 0..<20 {
                    group.addTask { try await nano.get("/data/films/c\(i)").json["i"] == JSON(i) }
                }
                for try await ok in group { #expect(ok) }
            }
        }
    }

    @Test func updateUpsertsAndRemove() async throws {
        try await Nano.with { nano async throws in
            _ = try await nano.post("/data/test", ["_id": "63", "type": "test"])
            let update = try await nano.put("/data/test/63", ["_id": "63", "type": "test", "name": "foo"])
            #expect(update.status == 200)
            #expect(update.json == ["ok": true, "id": "63"])
            #expect(try await nano.get("/data/test/63").json == ["_id": "63", "type": "test", "name": "foo"])
            let upsert = try await nano.put("/data/test/64", ["name": "new"])
            #expect(upsert.status == 200)
            #expect(try await nano.get("/data/test/64").json == ["_id": "64", "name": "new"])

            _ = try await nano.post("/data/test", ["_id": "DELETE", "type": "test"])
            let fetched = try await nano.get("/data/test/DELETE")
            #expect(fetched.json["_id"] == "DELETE" && fetched.json["type"] == "test")
            let removed = try await nano.delete("/data/test/DELETE")
            #expect(removed.status == 200)
            #expect(removed.json == ["ok": true, "id": "DELETE"])
            #expect(try await nano.delete("/data/test/DELETE").status == 404)
            #expect(try await nano.get("/data/test/DELETE").status == 404)
        }
    }

    /// hyper-test's list suite: movies 1001-1009 loaded with _bulk.
    @Test func listDocuments() async throws {
        try await Nano.with { nano async throws in
            let movies: [JSON] = (1001...1009).map { ["_id": .string(String($0)), "type": "movie", "title": .string("Movie \($0)")] }
            let loaded = try await nano.post("/data/test/_bulk", .array(movies))
            #expect(loaded.status == 201)
            func ids(_ query: String) async throws -> [String] {
                let reply = try await nano.get("/data/test" + query)
                #expect(reply.status == 200)
                #expect(reply.json["ok"] == true)
                return reply.json["docs"]?.arrayValue?.compactMap { $0["_id"]?.stringValue } ?? []
            }
            #expect(try await ids("").count == 9)
            #expect(try await ids("?keys=1002,1005,1008") == ["1002", "1005", "1008"])
            #expect(try await ids("?startkey=1004").count == 6)
            #expect(try await ids("?endkey=1008").count == 8)
            #expect(try await ids("?startkey=1004&endkey=1008") == ["1004", "1005", "1006", "1007", "1008"])
            #expect(try await ids("?limit=2") == ["1001", "1002"])
            #expect(try await ids("?descending=true").last == "1001")
            #expect(try await ids("?descending=false").first == "1001")  // sane: false means ascending
            #expect(try await ids("?startkey=1004&limit=4&descending=true") == ["1009", "1008", "1007", "1006"])

            // Up to 64 keys are bound one by one, in statements for a power of two of them (the
            // last key repeated), more travel as one JSON array: each key found once, whatever the
            // count, duplicates and missing ones included.
            for count in [1, 2, 3, 5, 8, 63, 64, 65, 100] {
                let keys = (0..<count).map { String(1001 + ($0 * 7) % 12) }
                let found = Set(keys).filter { Int($0)! <= 1009 }.sorted()
                #expect(try await ids("?keys=" + keys.joined(separator: ",")) == found, "\(count) keys")
                #expect(try await ids("?descending=true&limit=2&keys=" + keys.joined(separator: ",")) == Array(found.reversed().prefix(2)),
                        "\(count) keys")
            }
            #expect(try await ids("?keys=") == [])

            let badLimit = try await nano.get("/data/test?limit=foo")
            #expect(badLimit.status == 422)
            #expect(badLimit.json["msg"]?.stringValue?.contains("'limit'") == true)
            #expect(try await nano.get("/data/test?keys=a&keys=b").status == 422)
            // the first repeated one in the order a list reads them is the one named
            let repeated = try await nano.get("/data/test?descending=true&limit=2&descending=false&startkey=a&startkey=b")
            #expect(repeated.status == 422)
            #expect(repeated.json["msg"] == "Invalid Arguments 'startkey': Expected string, received array.")
            #expect(try await nano.get("/data/test?descending=maybe").status == 422)
            #expect(try await nano.get("/data/nope").status == 404)
        }
    }

    /// hyper-test's query suite: albums 2001-2005.
    @Test func queryDocuments() async throws {
        try await Nano.with { nano async throws in
            let albums: [JSON] = [
                ["_id": "2001", "type": "album", "title": "Nevermind", "band": "Nirvana"],
                ["_id": "2002", "type": "album", "title": "Back in Black", "band": "AC/DC"],
                ["_id": "2003", "type": "album", "title": "Abbey Road", "band": "The Beatles"],
                ["_id": "2004", "type": "album", "title": "The Doors", "band": "The Doors"],
                ["_id": "2005", "type": "album", "title": "Led Zeppelin IV", "band": "Led Zeppelin"],
                ["_id": "3001", "type": "team", "title": "Zebras"],
            ]
            _ = try await nano.post("/data/test/_bulk", .array(albums))
            func docs(_ body: JSON) async throws -> [JSON] {
                let reply = try await nano.post("/data/test/_query", body)
                #expect(reply.status == 200, "\(reply.text)")
                return reply.json["docs"]?.arrayValue ?? []
            }
            #expect(try await docs(["selector": ["type": "album"]]).count == 5)
            #expect(try await docs([:]).count == 6)
            #expect(try await nano.request("POST", "/data/test/_query").json["docs"]?.arrayValue?.count == 6)
            #expect(try await docs(["selector": ["type": "album"], "limit": 2]).count == 2)
            #expect(try await docs(["selector": ["type": "album"], "limit": "2"]).count == 2)

            #expect(try await nano.post("/data/test/_index", ["name": "idx-title", "fields": ["title"], "type": "JSON"]).status == 201)
            let sorted = try await docs(["selector": ["type": "album"], "sort": [["title": "DESC"]], "use_index": "idx-title"])
            #expect(sorted.first?["_id"] == "2004")
            #expect(sorted.allSatisfy { $0["_id"] != nil })
            let ascending = try await docs(["selector": ["type": "album"], "sort": ["title"]])
            #expect(ascending.first?["_id"] == "2003")

            let projected = try await docs(["selector": ["type": "album"], "fields": ["_id", "band"]])
            #expect(projected.count == 5)
            #expect(projected.allSatisfy { $0.objectValue?.count == 2 })
            let withoutID = try await docs(["selector": ["_id": "2001"], "fields": ["band"]])
            #expect(withoutID == [["band": "Nirvana"]])

            let badLimit = try await nano.post("/data/test/_query", ["selector": ["type": "album"], "limit": "foo"])
            #expect(badLimit.status == 422)
            #expect(badLimit.json["ok"] == false && badLimit.json["status"] == 422)
            #expect(badLimit.json["msg"]?.stringValue?.contains("'limit'") == true)
            #expect(try await nano.post("/data/test/_query", ["selector": ["type": "album"], "sort": 6]).status == 422)
            #expect(try await nano.post("/data/test/_query", ["selector": "x"]).status == 422)
        }
    }

    @Test func queryDefaultsToTwentyFiveAndSkips() async throws {
        try await Nano.with { nano async throws in
            let docs: [JSON] = (1...40).map { ["_id": .string(String(format: "d%03d", $0)), "n": JSON($0)] }
            _ = try await nano.post("/data/test/_bulk", .array(docs))
            #expect(try await nano.post("/data/test/_query", [:]).json["docs"]?.arrayValue?.count == 25)
            let page = try await nano.post("/data/test/_query", ["sort": ["_id"], "skip": 30, "limit": 5]).json["docs"]
            #expect(page?.arrayValue?.compactMap { $0["_id"]?.stringValue } == ["d031", "d032", "d033", "d034", "d035"])
            #expect(try await nano.post("/data/test/_query", ["limit": nil, "skip": nil]).json["docs"]?.arrayValue?.count == 25)
        }
    }

    @Test func bulkInsertUpdateDelete() async throws {
        try await Nano.with { nano async throws in
            let teams: [JSON] = (3001...3006).map { ["_id": .string(String($0)), "type": "team", "name": .string("Team \($0)")] }
            let inserted = try await nano.post("/data/test/_bulk", .array(teams))
            #expect(inserted.status == 201)
            #expect(inserted.json["ok"] == true)
            let results = inserted.json["results"]?.arrayValue ?? []
            #expect(results.count == 6)
            #expect(results.allSatisfy { $0["ok"] == true })
            #expect(results.first?["id"] == "3001")

            let updates: [JSON] = teams.map { team in
                var object = team.objectValue!
                object["_update"] = true
                object["active"] = true
                return .object(object)
            }
            #expect(try await nano.post("/data/test/_bulk", .array(updates)).status == 201)
            let active = try await nano.post("/data/test/_query", ["selector": ["type": "team", "active": true]])
            #expect(active.json["docs"]?.arrayValue?.count == 6)
            #expect(try await nano.get("/data/test/3001").json["_update"] == nil)

            let deletions: [JSON] = (3001...3003).map { ["_id": .string(String($0)), "_deleted": true] }
            #expect(try await nano.post("/data/test/_bulk", .array(deletions)).status == 201)
            #expect(try await nano.get("/data/test/3001").status == 404)
            #expect(try await nano.get("/data/test/3004").status == 200)

            #expect(try await nano.post("/data/test/_bulk", [["type": "no id"]]).status == 422)
            #expect(try await nano.post("/data/test/_bulk", ["not": "an array"]).status == 422)
        }
    }

    @Test func indexDefinitionConflicts() async throws {
        try await Nano.with { nano async throws in
            let index: JSON = ["name": "idx-ap", "fields": ["author", ["published": "DESC"]]]
            #expect(try await nano.post("/data/test/_index", index).status == 201)
            #expect(try await nano.post("/data/test/_index", index).status == 201)
            #expect(try await nano.post("/data/test/_index", ["name": "idx-ap", "fields": ["author"]]).status == 409)
            #expect(try await nano.post("/data/test/_index", ["name": "idx-x"]).status == 422)
            // the old hyper-test client's shape
            #expect(try await nano.post("/data/test/_index", ["name": "idx-old", "index": ["fields": ["title"]]]).status == 201)
        }
    }

    @Test func concurrentWritersLoseNothing() async throws {
        try await Nano.with { nano async throws in
            try await withThrowingTaskGroup(of: Int.self) { group in
                for n in 0..<40 {
                    group.addTask { try await nano.post("/data/test", ["_id": .string("c\(n)"), "n": JSON(n)]).status }
                    group.addTask { try await nano.put("/data/test/shared", ["writer": JSON(n)]).status }
                }
                for try await status in group { #expect(status == 201 || status == 200) }
            }
            let all = try await nano.get("/data/test?startkey=c&endkey=c~").json["docs"]?.arrayValue ?? []
            #expect(all.count == 40)
            #expect(try await nano.get("/data/test/shared").json["writer"]?.intValue != nil)
        }
    }
}
