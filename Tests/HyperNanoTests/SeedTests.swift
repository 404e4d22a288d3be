import Foundation
import HyperJSON
import TestSupport
import Testing

/// `--seed demo`: a deterministic, realistic sample in all five services.
@Suite struct SeedTests {
    @Test func demoSeedFillsEveryService() async throws {
        try await Nano.with(configure: { $0.seed = .demo(size: 200) }) { nano async throws in
            let docs = try await nano.get("/data/test").json["docs"]?.arrayValue ?? []
            #expect(docs.count == 200)
            #expect(docs.first?["_id"] == "book-0001")
            let types = Set(docs.compactMap { $0["type"]?.stringValue })
            #expect(types == ["movie", "book", "user", "order"])
            let movie = try await nano.get("/data/test/movie-0001").json
            #expect(movie["title"]?.stringValue != nil && movie["director"]?["name"] != nil && movie["year"]?.intValue != nil)
            let texts = docs.map(\.compact).joined()
            #expect(texts.contains("\\u001b["))  // ESC sequences for the TUI's escaping
            #expect(docs.contains { ($0["notes"]?.stringValue?.count ?? 0) > 20_000 })  // large documents

            let cache = try await nano.post("/cache/test/_query?pattern=*", [:]).json["docs"]?.arrayValue ?? []
            #expect(cache.count >= 20)
            #expect(try await nano.get("/cache/test/session-ada").status == 200)

            let found = try await nano.post("/search/test/_query", ["query": "the family"]).json["matches"]?.arrayValue ?? []
            #expect(!found.isEmpty)
            #expect(found.allSatisfy { $0["type"] == "movie" && $0["title"] != nil })

            let objects = try await nano.get("/storage/test").json["objects"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
            #expect(objects.contains("images/logo.png") && objects.contains("readme.txt") && objects.contains("data/config.json"))
            let logo = try await nano.get("/storage/test/images/logo.png")
            #expect(logo.header("Content-Type") == "image/png")
            #expect(logo.body.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))

            #expect(try await nano.get("/queue").json["queues"] == ["test", "test-ok"])
            // queue test: every job's first delivery fails; a retry succeeds
            #expect(try await eventually { try await nano.get("/queue/test?status=ERROR").json["jobs"]?.arrayValue?.count == 4 })
            let failed = try #require(try await nano.get("/queue/test?status=ERROR").json["jobs"]?[0])
            #expect(failed["error"]?["status"] == 500)
            #expect(failed["error"]?["body"]?.stringValue?.contains("Retry the job") == true)
            let id = try #require(failed["id"]?.intValue)
            #expect(try await nano.request("POST", "/queue/test/\(id)/_retry").status == 201)
            // the retried job leaves ERROR at once, and READY once the worker accepted it
            #expect(try await nano.get("/queue/test?status=ERROR").json["jobs"]?.arrayValue?.count == 3)
            #expect(try await eventually { try await nano.get("/queue/test?status=READY").json["jobs"] == [] })
            // queue test-ok accepts everything
            #expect(try await eventually { try await nano.get("/queue/test-ok?status=READY").json["jobs"] == [] })
            #expect(try await nano.get("/queue/test-ok?status=ERROR").json["jobs"] == [])
        }
    }

    @Test func seedIsDeterministic() async throws {
        var first: [JSON] = []
        try await Nano.with(configure: { $0.seed = .demo(size: 60) }) { nano async throws in
            first = try await nano.get("/data/test").json["docs"]?.arrayValue ?? []
        }
        try await Nano.with(configure: { $0.seed = .demo(size: 60) }) { nano async throws in
            #expect(try await nano.get("/data/test").json["docs"]?.arrayValue == first)
        }
        #expect(first.count == 60)
    }

    @Test func purgeEmptiesTheDomain() async throws {
        let directory = TestNano.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let seeded = try await Nano.start(directory: directory) { $0.seed = .demo(size: 50) }
        await seeded.stop()
        let purged = try await Nano.start(directory: directory) { $0.purge = true }
        #expect(try await purged.get("/data/test").json["docs"] == [])
        #expect(try await purged.post("/cache/test/_query?pattern=*", [:]).json["docs"] == [])
        #expect(try await purged.get("/storage/test").json["objects"] == [])
        #expect(try await purged.get("/queue/test?status=ERROR").json["jobs"] == [])
        await purged.stop()
    }
}
