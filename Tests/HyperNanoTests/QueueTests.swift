import Crypto
import Foundation
import HyperJSON
import TestSupport
import Testing

/// Queue conformance: hyper-api.md 4.6, 7.2-7.3, plus nano's persistence, error reasons,
/// retry extension and redispatch after restart.
@Suite struct QueueTests {
    @Test func queueLifecycleAndValidation() async throws {
        try await Nano.with { nano async throws in
            #expect(try await nano.put("/queue/Jobs", ["target": "http://localhost:8000/"]).status == 201)
            #expect(try await nano.put("/queue/jobs", ["target": "http://localhost:8000/"]).status == 409)
            #expect(try await nano.get("/queue").json["queues"] == ["jobs", "test"])
            #expect(try await nano.put("/queue/bad%20name", ["target": "http://localhost:8000/"]).json["msg"] == "queue name is not valid!")
            let badTarget = try await nano.put("/queue/other", ["target": "not a url"])
            #expect(badTarget.status == 422)
            #expect(badTarget.json["msg"]?.stringValue?.contains("'target'") == true)
            #expect(try await nano.put("/queue/other", ["target": "http://x/", "secret": .string(String(repeating: "s", count: 101))]).status == 422)
            #expect(try await nano.put("/queue/other", [:]).status == 422)
            #expect(try await nano.delete("/queue/jobs").status == 201)
            #expect(try await nano.delete("/queue/jobs").status == 404)
            #expect(try await nano.post("/queue/jobs", ["type": "job"]).status == 404)
        }
    }

    @Test func deliversSignedJobsAndForgetsThem() async throws {
        let worker = try await QueueWorker.start()
        defer { worker.stop() }
        try await Nano.with { nano async throws in
            #expect(try await nano.put("/queue/signed", ["target": .string(worker.url), "secret": "shh"]).status == 201)
            let job: JSON = ["type": "job", "text": "Hello World", "n": 1.5]
            let enqueued = try await nano.post("/queue/signed", job)
            #expect(enqueued.status == 201)
            #expect(enqueued.json["ok"] == true)
            #expect(enqueued.json["id"]?.intValue != nil)
            #expect(await eventually { worker.deliveries.count == 1 })
            let delivery = try #require(worker.deliveries.first)
            #expect(delivery.body == job.compact)
            let signature = try #require(delivery.signature)
            let parts = signature.split(separator: ",")
            let time = String(parts[0].dropFirst(2))
            let expected = HMAC<SHA256>.authenticationCode(for: Data("\(time).\(delivery.body)".utf8), using: SymmetricKey(data: Data("shh".utf8)))
            #expect(parts[1] == "sig=" + expected.map { String(format: "%02x", $0) }.joined())
            #expect(try await eventually { try await nano.get("/queue/signed?status=READY").json["jobs"] == [] })
            #expect(try await nano.get("/queue/signed?status=ERROR").json == ["ok": true, "jobs": []])
        }
    }

    @Test func failuresKeepTheReasonAndRetryDelivers() async throws {
        let worker = try await QueueWorker.start(.fail("worker says: database down"))
        defer { worker.stop() }
        try await Nano.with { nano async throws in
            _ = try await nano.put("/queue/flaky", ["target": .string(worker.url)])
            let id = try #require(try await nano.post("/queue/flaky", ["type": "NEW_MOVIE", "id": "movie-1"]).json["id"]?.intValue)
            #expect(try await eventually { try await nano.get("/queue/flaky?status=ERROR").json["jobs"]?.arrayValue?.count == 1 })
            let failed = try #require(try await nano.get("/queue/flaky?status=ERROR").json["jobs"]?[0])
            #expect(failed["id"] == JSON(id))
            #expect(failed["job"] == ["type": "NEW_MOVIE", "id": "movie-1"])
            #expect(failed["status"] == "ERROR" && failed["queue"] == "flaky")
            #expect(failed["timestmp"]?.intValue != nil)
            #expect(failed["error"]?["status"] == 500)
            #expect(failed["error"]?["body"] == "worker says: database down")
            #expect(failed["error"]?["at"]?.stringValue?.hasSuffix("Z") == true)

            worker.behave(.accept)
            #expect(try await nano.request("POST", "/queue/flaky/\(id)/_retry").status == 201)
            #expect(await eventually { worker.deliveries.count == 2 })
            #expect(try await eventually { try await nano.get("/queue/flaky?status=ERROR").json["jobs"] == [] })
            #expect(try await nano.get("/queue/flaky?status=READY").json["jobs"] == [])
            #expect(try await nano.request("POST", "/queue/flaky/\(id)/_retry").status == 404)
        }
    }

    @Test func networkErrorsAreReasons() async throws {
        try await Nano.with { nano async throws in
            _ = try await nano.put("/queue/down", ["target": "http://127.0.0.1:9/nothing-listens"])
            _ = try await nano.post("/queue/down", ["type": "x"])
            #expect(try await eventually { try await nano.get("/queue/down?status=ERROR").json["jobs"]?.arrayValue?.count == 1 })
            let error = try await nano.get("/queue/down?status=ERROR").json["jobs"]?[0]?["error"]
            #expect(error?["reason"]?.stringValue?.isEmpty == false)
            #expect(error?["status"] == nil)
        }
    }

    @Test func listNeedsAStatusAndCancelDeletes() async throws {
        let worker = try await QueueWorker.start(.hang)
        defer { worker.stop() }
        try await Nano.with { nano async throws in
            _ = try await nano.put("/queue/slow", ["target": .string(worker.url)])
            let first = try #require(try await nano.post("/queue/slow", ["n": 1]).json["id"]?.intValue)
            let second = try #require(try await nano.post("/queue/slow", ["n": 2]).json["id"]?.intValue)
            #expect(try await nano.get("/queue/slow").status == 422)
            #expect(try await nano.get("/queue/slow?status=DONE").status == 422)
            let ready = try await nano.get("/queue/slow?status=READY").json["jobs"]?.arrayValue ?? []
            #expect(ready.compactMap { $0["id"]?.intValue } == [first, second])
            let cancelled = try await nano.request("POST", "/queue/slow/\(second)/_cancel")
            #expect(cancelled.status == 201)
            #expect(cancelled.json == ["ok": true])
            #expect(try await nano.request("POST", "/queue/slow/\(second)/_cancel").status == 404)
            #expect(try await nano.get("/queue/slow?status=READY").json["jobs"]?.arrayValue?.count == 1)
            #expect(try await nano.request("POST", "/queue/slow/\(first)/_retry").status == 409)  // READY, not ERROR
        }
    }

    @Test func readyJobsAreDispatchedAfterARestart() async throws {
        let worker = try await QueueWorker.start(.hang)
        defer { worker.stop() }
        let directory = TestNano.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try await Nano.start(directory: directory)
        _ = try await first.put("/queue/later", ["target": .string(worker.url)])
        _ = try await first.post("/queue/later", ["n": 1])
        _ = try await first.post("/queue/later", ["n": 2])
        #expect(await eventually { worker.deliveries.count == 1 })  // the first is in flight, hanging
        await first.stop()

        worker.behave(.accept)
        let second = try await Nano.start(directory: directory)
        #expect(try await eventually { try await second.get("/queue/later?status=READY").json["jobs"] == [] })
        #expect(worker.deliveries.map(\.body).suffix(2) == [#"{"n":1}"#, #"{"n":2}"#])
        await second.stop()
    }
}

/// nano's own demo workers under `/_nano/` (issue 10.9f): with `--secret` they take only a
/// token or a delivery signed by nano's own dispatcher, and the demo queues keep working.
@Suite struct DemoWorkerTests {
    static let secret = "s3cret"
    static let sub = "app-key"

    @Test func withASecretTheDemoWorkersNeedATokenOrNanosSignature() async throws {
        try await Nano.with(configure: { $0.secret = Self.secret; $0.sub = Self.sub }) { nano async throws in
            let job: JSON = ["type": "PLANTED"]
            for path in ["/_nano/queue/accept", "/_nano/queue/flaky", "/_nano/queue/nope", "/_nano/other"] {
                let reply = try await nano.post(path, job)
                #expect(reply.status == 401, "\(path): \(reply.text)")
            }
            let forged = try await nano.request("POST", "/_nano/queue/flaky", json: job, headers: ["X-HYPER-SIGNATURE": "t=1,sig=00"])
            #expect(forged.status == 401)
            let token = ConventionsTests.jwt(["sub": .string(Self.sub)], secret: Self.secret)
            let authorized = try await nano.request("POST", "/_nano/queue/accept", json: job, headers: ["Authorization": "Bearer " + token])
            #expect(authorized.status == 200)
        }
    }

    @Test func withASecretTheDemoQueuesStillDeliver() async throws {
        try await Nano.with(configure: {
            $0.secret = Self.secret
            $0.sub = Self.sub
            $0.seed = .demo(size: 20)
        }) { nano async throws in
            let headers = ["Authorization": "Bearer " + ConventionsTests.jwt(["sub": .string(Self.sub)], secret: Self.secret)]
            func jobs(_ queue: String, _ status: String) async throws -> [JSON] {
                try await nano.get("/queue/\(queue)?status=\(status)", headers: headers).json["jobs"]?.arrayValue ?? []
            }
            // the accepting worker takes every job; the flaky one fails each first delivery on purpose
            #expect(try await eventually { try await jobs("test-ok", "READY").isEmpty })
            #expect(try await jobs("test-ok", "ERROR").isEmpty)
            #expect(try await eventually { try await jobs("test", "ERROR").count == 4 })
            let failed = try await jobs("test", "ERROR")
            #expect(failed.allSatisfy { $0["error"]?["status"] == 500 }, "\(failed)")
        }
    }
}
