import Foundation
import HyperJSON
import TestSupport
import Testing

/// A list or query whose documents pass nano's answer limit (`--max-answer-mib`) is refused with
/// a 400 naming the limit while it is read, instead of being held in memory whole: hyper has no
/// default list limit, so one `GET /data/DOMAIN` would otherwise load a whole store. The same
/// requests asking for fewer answer.
@Suite struct AnswerLimitTests {
    /// Twelve documents of 100,000 characters: 1.2 MB, past a limit of 1 MiB.
    static let text = String(repeating: "x", count: 100_000)
    static let refusal = "would hold more than 1 MiB of documents (nano's --max-answer-mib): ask for fewer with limit"

    static func storeBigDocuments(_ nano: Nano) async throws {
        let docs = JSON.array((0..<12).map { ["_id": .string("big\($0)"), "type": "big", "t": .string(text)] })
        #expect(try await nano.post("/data/test/_bulk", docs).status == 201)
        for index in 0..<12 {
            #expect(try await nano.post("/cache/test", ["key": .string("big\(index)"), "value": ["t": .string(text)]]).status == 201)
            let doc: JSON = ["title": .string("lighthouse " + text), "type": "big"]
            #expect(try await nano.post("/search/test", ["key": .string("big\(index)"), "doc": doc]).status == 201)
        }
    }

    @Test func answersPastTheLimitAreRefusedAndFewerAreAnswered() async throws {
        // A deadline no loaded machine reaches: the limit is what is under test, not the clock.
        try await Nano.with(configure: { $0.limits.maxAnswerBytes = 1_048_576; $0.limits.queryTimeout = .seconds(600) }) { nano async throws in
            try await Self.storeBigDocuments(nano)

            try await nano.get("/data/test").expectRefusal(naming: Self.refusal)
            try await nano.get("/data/test?startkey=big&endkey=big9").expectRefusal(naming: Self.refusal)
            // A query SQL answers, one Swift filters (a regex), one Swift filters and sorts (it
            // holds every match to sort them, whatever its limit): each holds too much.
            try await nano.post("/data/test/_query", ["selector": ["type": "big"], "limit": 100]).expectRefusal(naming: Self.refusal)
            try await nano.post("/data/test/_query", ["selector": ["t": ["$regex": "^x"]], "limit": 100])
                .expectRefusal(naming: Self.refusal)
            try await nano.post("/data/test/_query", ["selector": ["t": ["$regex": "^x"]], "sort": [["_id": "DESC"]], "limit": 1])
                .expectRefusal(naming: Self.refusal)
            try await nano.get("/cache/test/_query?pattern=big*").expectRefusal(naming: Self.refusal)
            try await nano.post("/search/test/_query", ["query": "lighthouse"]).expectRefusal(naming: Self.refusal)

            #expect(try await nano.get("/data/test?limit=5").json["docs"]?.arrayValue?.count == 5)
            #expect(try await nano.post("/data/test/_query", ["selector": ["type": "big"], "limit": 5]).json["docs"]?.arrayValue?.count == 5)
            #expect(try await nano.post("/data/test/_query", ["selector": ["type": "big"], "fields": ["_id"], "limit": 100])
                .json["docs"]?.arrayValue?.count == 12)
            #expect(try await nano.get("/cache/test/_query?pattern=big1*").json["docs"]?.arrayValue?.count == 3)
            #expect(try await nano.post("/search/test/_query", ["query": "lighthouse", "limit": 5]).json["matches"]?.arrayValue?.count == 5)
            #expect(try await nano.get("/data/test/big3").json["_id"] == "big3")
            #expect(try await nano.get("/").status == 200)
        }
    }

    /// Failed jobs keep their bodies: a list of them is bounded the same way.
    @Test func aListOfJobsPastTheLimitIsRefused() async throws {
        try await Nano.with(configure: { $0.limits.maxAnswerBytes = 1_048_576 }) { nano async throws in
            _ = try await nano.put("/queue/down", ["target": "http://127.0.0.1:9/nothing-listens"])
            for index in 0..<12 {
                #expect(try await nano.post("/queue/down", ["n": JSON(index), "t": .string(Self.text)]).status == 201)
            }
            #expect(try await eventually { try await nano.get("/queue/down?status=READY").json["jobs"]?.arrayValue?.isEmpty == true })
            try await nano.get("/queue/down?status=ERROR").expectRefusal(naming: Self.refusal)
            #expect(try await nano.get("/").status == 200)
        }
    }

    /// `hyper-vision nano --max-answer-mib` sets the limit, and refuses what is no count of MiB.
    @Test func theBinaryTakesTheLimitFromTheCommandLine() async throws {
        try await ChildNano.with(arguments: ["--max-answer-mib", "1"]) { nano in
            let docs = JSON.array((0..<12).map { ["_id": .string("big\($0)"), "t": .string(Self.text)] })
            #expect(try await nano.post("/data/test/_bulk", docs).status == 201)
            let reply = try await nano.get("/data/test")
            #expect(reply.status == 400)
            #expect(reply.json["msg"]?.stringValue?.contains(Self.refusal) == true, "\(reply.text.prefix(300))")
            await nano.stop()
            try await nano.expectRefused("--max-answer-mib", ["0", "-1", "lots", "70000"])
        }
    }
}
