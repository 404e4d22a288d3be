import Foundation
import HyperClient
import HyperJSON
import HyperModel
import TestSupport
import Testing
@testable import HyperNano

/// Issue 10.5, 10.9a, 10.9e over real HTTP: what nano stores stays addressable and readable.
/// Ids and names that could not be addressed, or would address another row, are refused; so are
/// number literals common readers cannot read and documents too deep for the answers that
/// carry them. Each refusal is a 400 naming the rule; nothing else is touched.
@Suite struct DataIdentityTests {
    @Test func emptyIdsAreRefused() async throws {
        try await Nano.with { nano async throws in
            try await nano.post("/data/test", ["_id": "", "v": 1]).expectRefusal(naming: "_id must not be empty")
            try await nano.post("/data/test/_bulk", [["_id": "ok", "v": 1], ["_id": "", "v": 2]]).expectRefusal(naming: "1._id must not be empty")
            try await nano.post("/search/test", ["key": "", "doc": ["title": "x"]]).expectRefusal(naming: "key must not be empty")
            try await nano.post("/search/test/_bulk", [["_id": "", "title": "x"]]).expectRefusal(naming: "docs.0._id must not be empty")
            try await nano.post("/cache/test", ["key": "", "value": ["v": 1]]).expectRefusal(naming: "key must not be empty")
            try await nano.post("/data/test/_index", ["name": "", "fields": ["v"]]).expectRefusal(naming: "name must not be empty")
            // Nothing of a refused bulk was written.
            #expect(try await nano.get("/data/test").json["docs"] == [])
        }
    }

    /// `doc%00x`, `db%00x` and `a\u{0}b` used to address `doc`, `db` and `a` (text bound as a C
    /// string). Every service refuses control characters in ids, keys and names, and the row
    /// the shorter name addresses is untouched.
    @Test func controlCharactersNeverAliasAnotherRow() async throws {
        try await Nano.with { nano async throws in
            #expect(try await nano.put("/data/test/doc", ["v": "original"]).status == 200)
            #expect(try await nano.put("/data/db").status == 201)
            #expect(try await nano.post("/data/test/_bulk", [["_id": "a", "v": "original"]]).status == 201)
            #expect(try await nano.put("/cache/test/key", ["v": "original"]).status == 200)
            #expect(try await nano.post("/search/test", ["key": "k", "doc": ["title": "original"]]).status == 201)

            let segment = "path segment"
            for control in ["%00", "%01", "%0A", "%1F", "%7F"] {
                try await nano.put("/data/test/doc\(control)x", ["v": "overwritten"]).expectRefusal(naming: segment)
                try await nano.get("/data/test/doc\(control)x").expectRefusal(naming: segment)
                try await nano.delete("/data/test/doc\(control)x").expectRefusal(naming: segment)
                try await nano.delete("/data/db\(control)x").expectRefusal(naming: segment)
                try await nano.put("/data/new\(control)x").expectRefusal(naming: segment)
                try await nano.get("/data/test?keys=doc\(control)x").expectRefusal(naming: "keys must not contain control characters")
                try await nano.put("/cache/test/key\(control)x", ["v": "overwritten"]).expectRefusal(naming: segment)
                try await nano.delete("/cache/test/key\(control)x").expectRefusal(naming: segment)
                try await nano.put("/cache/store\(control)x").expectRefusal(naming: segment)
                try await nano.put("/search/test/k\(control)x", ["title": "overwritten"]).expectRefusal(naming: segment)
                try await nano.delete("/search/test\(control)x").expectRefusal(naming: segment)
                try await nano.put("/storage/bucket\(control)x").expectRefusal(naming: segment)
                try await nano.get("/storage/test/file\(control)x").expectRefusal(naming: segment)
                try await nano.put("/queue/q\(control)x", ["target": "http://127.0.0.1:1/"]).expectRefusal(naming: segment)
                try await nano.delete("/queue/test\(control)x").expectRefusal(naming: segment)
            }
            for control in ["\u{0}", "\u{1}", "\n", "\u{1F}", "\u{7F}"] {
                let id = JSON.string("a" + control + "b")
                try await nano.post("/data/test", ["_id": id, "v": "overwritten"]).expectRefusal(naming: "_id must not contain control characters")
                try await nano.post("/data/test/_bulk", [["_id": id, "v": "overwritten"]]).expectRefusal(naming: "0._id must not contain control characters")
                try await nano.post("/data/test/_index", ["name": id, "fields": ["v"]]).expectRefusal(naming: "name must not contain")
                try await nano.post("/cache/test", ["key": .string("key" + control), "value": ["v": 1]]).expectRefusal(naming: "key must not contain")
                try await nano.post("/search/test", ["key": .string("k" + control), "doc": ["title": "x"]]).expectRefusal(naming: "key must not contain")
                try await nano.post("/search/test/_bulk", [["_id": .string("k" + control), "title": "x"]]).expectRefusal(naming: "docs.0._id must not contain")
            }

            #expect(try await nano.get("/data/test/doc").json["v"] == "original")
            #expect(try await nano.get("/data/test/a").json["v"] == "original")
            #expect(try await nano.get("/data/test").json["docs"]?.arrayValue?.count == 2)
            #expect(try await nano.get("/data").status == 200)
            #expect(try await nano.post("/data/db", ["v": 1]).status == 201)  // `db` still exists
            #expect(try await nano.get("/cache/test/key").json == ["v": "original"])
            #expect(try await nano.get("/search/test/k").json["doc"]?["title"] == "original")
            #expect(try await nano.get("/cache").json["stores"] == ["test"])
        }
    }

    /// The cause, under the rule: the by-id reader binds ids with their byte length, so an id
    /// with a NUL is another id even when it reaches SQLite.
    @Test func theByIdReaderBindsIdsWithTheirLength() async throws {
        try await Nano.with { nano async throws in
            _ = try await nano.put("/data/test/doc", ["v": 1])
            let data = nano.server.services.data
            #expect(throws: DataStore.missingDocument("doc\u{0}x")) { try data.get("test", "doc\u{0}x") }
            #expect(throws: DataStore.missingDatabase) { try data.get("test\u{0}x", "doc") }
            #expect(try JSON.parse(String(buffer: try data.get("test", "doc")))["v"] == 1)
        }
    }

    /// Numbers keep their exact text up to 400 characters; longer ones are refused, so every
    /// answer stays readable by Python's json (which refuses integers over 4,300 digits).
    @Test func numberLiteralsAreBoundedAndKeptVerbatim() async throws {
        try await Nano.with { nano async throws in
            let longest = String(repeating: "9", count: InputRules.numberLength - 6) + ".12e-9"
            let body = Data("{\"_id\":\"n\",\"big\":\(longest)}".utf8)
            #expect(try await nano.request("POST", "/data/test", body: body, headers: ["Content-Type": "application/json"]).status == 201)
            #expect(try await nano.get("/data/test/n").text.contains("\"big\":\(longest)}"))

            for digits in [InputRules.numberLength + 1, 4_301, 10_000] {
                let number = String(repeating: "7", count: digits)
                for (path, text) in [("/data/test", "{\"_id\":\"x\",\"big\":\(number)}"), ("/data/test/_bulk", "[{\"_id\":\"x\",\"big\":-\(number)}]"),
                                     ("/cache/test", "{\"key\":\"x\",\"value\":{\"big\":\(number)}}"),
                                     ("/data/test/_query", "{\"selector\":{\"big\":\(number)}}")] {
                    let reply = try await nano.request("POST", path, body: Data(text.utf8), headers: ["Content-Type": "application/json"])
                    reply.expectRefusal(naming: "over the limit of \(InputRules.numberLength)")
                }
            }
            let list = try await nano.get("/data/test")
            let python = Process()
            python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            python.arguments = ["python3", "-c", "import json,sys; docs=json.load(sys.stdin)['docs']; print(len(docs), docs[0]['big'])"]
            let input = Pipe()
            let output = Pipe()
            python.standardInput = input
            python.standardOutput = output
            // Its exit awaited, not waited for: a blocked thread is one of this process's two.
            let exit = ProcessExit(watching: python)
            try python.run()
            input.fileHandleForWriting.write(list.body)
            try input.fileHandleForWriting.close()
            #expect(await exit.wait().status == 0)
            #expect(String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).hasPrefix("1 "))
        }
    }

    private static func nested(_ depth: Int) -> JSON {
        var value: JSON = "bottom"
        for level in 1..<depth { value = level.isMultiple(of: 2) ? ["d": value] : [value] }
        return ["_id": "deep", "d": value]
    }

    /// The deepest document nano accepts (500 levels) travels through every answer that wraps it
    /// and is read by HyperClient (JSON depth 512): list, query, get, bulk, search and cache.
    /// One level more is refused everywhere, and no list is ever poisoned.
    @Test func theDeepestAcceptedDocumentIsReadableEverywhere() async throws {
        try await Nano.with { nano async throws in
            let deepest = Self.nested(InputRules.documentDepth)
            #expect(InputRules.nesting(of: deepest) == InputRules.documentDepth)
            let tooDeep = Self.nested(InputRules.documentDepth + 1)
            let limit = "nests 501 levels deep, over the limit of 500"
            try await nano.post("/data/test", tooDeep).expectRefusal(naming: limit)
            try await nano.put("/data/test/deep", tooDeep).expectRefusal(naming: limit)
            try await nano.post("/data/test/_bulk", [tooDeep]).expectRefusal(naming: limit)
            try await nano.post("/cache/test", ["key": "deep", "value": tooDeep]).expectRefusal(naming: limit)
            try await nano.put("/cache/test/deep", tooDeep).expectRefusal(naming: limit)
            try await nano.post("/search/test", ["key": "deep", "doc": tooDeep]).expectRefusal(naming: limit)
            try await nano.put("/search/test/deep", tooDeep).expectRefusal(naming: limit)
            try await nano.post("/search/test/_bulk", [tooDeep]).expectRefusal(naming: limit)

            let client = HyperClient(connection: try Connection.parse(nano.base + "/test"))
            _ = try await client.data.add(deepest)
            _ = try await client.data.add(["_id": "shallow", "v": 1])
            let listed = try await client.data.list()["docs"]?.arrayValue ?? []
            #expect(listed.map { $0["_id"] } == ["deep", "shallow"])
            #expect(listed.first == deepest)
            #expect(try await client.data.query(DataQuery(selector: ["_id": "deep"]))["docs"] == [deepest])
            #expect(try await client.data.get("deep") == deepest)
            _ = try await client.data.bulk([deepest])
            _ = try await client.cache.add(key: "deep", value: deepest)
            #expect(try await client.cache.query(pattern: "deep")["docs"]?[0]?["value"] == deepest)
            _ = try await client.search.add(key: "deep", doc: ["title": "deep", "type": deepest["d"] ?? nil])
            #expect(try await client.search.query("deep")["matches"]?[0]?["type"] == deepest["d"])
            _ = try await client.data.remove("deep")
            #expect(try await client.data.list()["docs"]?.arrayValue?.map { $0["_id"] } == ["shallow"])
        }
    }
}
