import Foundation
import HyperJSON
import TestSupport
import Testing
@testable import HyperNano

/// Queue deliveries to hostile targets (scripts/client-test-server.py, real sockets): nano
/// reads at most a KB of any answer, follows no redirect, gives each delivery a time limit,
/// and a target that hangs holds up no other queue (issue 10 item 9c).
@Suite struct DeliveryTests {
    static let server = Result { try ScriptServer() }

    private func errored(_ nano: Nano, _ queue: String) async throws -> [JSON] {
        try await nano.get("/queue/\(queue)?status=ERROR").json["jobs"]?.arrayValue ?? []
    }

    private func ready(_ nano: Nano, _ queue: String) async throws -> [JSON] {
        try await nano.get("/queue/\(queue)?status=READY").json["jobs"]?.arrayValue ?? []
    }

    /// The queue's job left READY without landing in ERROR.
    private func delivered(_ nano: Nano, _ queue: String) async throws -> Bool {
        let waiting = try await ready(nano, queue)
        let failed = try await errored(nano, queue)
        return waiting.isEmpty && failed.isEmpty
    }

    /// A 307 to a third host: the job is errored with the status and Location, and the third
    /// host never hears of it (URLSession followed it with the signature, and the job was
    /// then deleted as delivered).
    @Test func aRedirectingTargetIsAFailedDelivery() async throws {
        let server = try Self.server.get()
        let third = server.otherHostBase + "/third-\(UUID().uuidString)"
        try await Nano.with { nano async throws in
            for (queue, status) in [("moved", 307), ("gone", 301), ("found", 302), ("perm", 308)] {
                let target = server.base + "/redirect?status=\(status)&to=" + third
                #expect(try await nano.put("/queue/\(queue)", ["target": .string(target), "secret": "shh"]).status == 201)
                _ = try await nano.post("/queue/\(queue)", ["type": "job"])
                #expect(try await eventually { try await errored(nano, queue).count == 1 })
                let error = try #require(try await errored(nano, queue).first?["error"])
                #expect(error["status"] == JSON(status))
                #expect(error["location"] == .string(third))
                #expect(error["reason"]?.stringValue?.contains("never follow redirects") == true)
            }
        }
        let landed = try await ScriptServerProbe.seen(server, URL(string: third)!.path)
        #expect(landed == 0, "the third host was contacted")
    }

    /// A refusal's body is kept to its first KB; a 2xx answer of 64 MB, or a gzip bomb, is not
    /// read past that (nor inflated) and counts as delivered.
    @Test func answersAreReadOnlyAsFarAsNeeded() async throws {
        let server = try Self.server.get()
        try await Nano.with { nano async throws in
            let long = String(repeating: "why ", count: 400)
            let refusing = server.base + "/status?code=500&type=text&body=" + long.replacingOccurrences(of: " ", with: "%20")
            for (queue, target) in [("refused", refusing), ("big", server.base + "/big?mb=64"),
                                    ("bomb", server.base + "/bomb?mb=64")] {
                _ = try await nano.put("/queue/\(queue)", ["target": .string(target)])
                _ = try await nano.post("/queue/\(queue)", ["type": "job"])
            }
            #expect(try await eventually { try await errored(nano, "refused").count == 1 })
            let body = try #require(try await errored(nano, "refused").first?["error"]?["body"]?.stringValue)
            #expect(body.utf8.count == WebhookPoster.answerExcerpt)
            for queue in ["big", "bomb"] {
                #expect(try await eventually { try await delivered(nano, queue) }, "\(queue) was not delivered")
            }
        }
    }

    /// Eleven queues whose target hangs do not delay a twelfth queue delivering to the same
    /// host: before, the shared pool's per-host limit (6) queued it behind the hung deliveries
    /// until they timed out. Those deliveries may take 10 minutes and the target hangs as long,
    /// far longer than the test waits: the healthy job cannot be delivered behind them, and
    /// they are all still hanging when it is, however slow the machine.
    @Test func aHungTargetDoesNotDelayAnotherQueue() async throws {
        let server = try Self.server.get()
        let hangs = "/q/hostile-hang/\(UUID().uuidString)"
        try await Nano.with(configure: { $0.limits.deliveryTimeout = .seconds(600) }) { nano async throws in
            let hung = (1...11).map { "hung\($0)" }
            for queue in hung {
                _ = try await nano.put("/queue/\(queue)", ["target": .string(server.base + hangs + "?seconds=600")])
                _ = try await nano.post("/queue/\(queue)", ["type": "job"])
            }
            #expect(try await eventually { try await ScriptServerProbe.seen(server, hangs) >= 1 })
            _ = try await nano.put("/queue/healthy", ["target": .string(server.base + "/echo")])
            _ = try await nano.post("/queue/healthy", ["type": "job"])
            #expect(try await eventually { try await delivered(nano, "healthy") })
            #expect(try await eventually { try await ScriptServerProbe.seen(server, hangs) == 11 },
                    "every hung delivery reached its target at once")
            for queue in hung { #expect(try await ready(nano, queue).count == 1, "\(queue) is still waiting on its target") }
        }
    }

    /// Each delivery has its own time limit, and the reason says it timed out.
    @Test func aDeliveryTimesOut() async throws {
        let server = try Self.server.get()
        let poster = WebhookPoster(timeout: .milliseconds(500))
        let failure = await poster.deliver(QueueStore.Delivery(id: 1, job: "{}", target: server.base + "/hang", secret: nil))
        #expect(failure?["reason"]?.stringValue?.contains("timed out") == true, "\(String(describing: failure))")
    }
}

/// Reads the test server's request counter with the harness's HTTP client.
enum ScriptServerProbe {
    static func seen(_ server: ScriptServer, _ prefix: String) async throws -> Int {
        try await Nano.send("GET", server.base + "/_seen?path=" + prefix).json["count"]?.intValue ?? -1
    }
}
