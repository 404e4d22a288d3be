import Foundation
import HyperJSON
import TestSupport
import Testing

/// Issue 10's attacks on nano's HTTP layer (connections, fairness, multipart, CORS and content
/// types, names that leaked internals, tokens, the demo workers), each against a live
/// `hyper-vision nano` (a child process, see `ChildNano`) while `LivenessProbe` checks that
/// `GET /` keeps answering within a second. Every test prints how many hostile inputs it sent
/// (`attack <category>: N`). Heavy (see `HeavyTrait`): one at a time among the loads of the whole test process.
@Suite(.heavy) struct AttackTests {
    /// Runs `attack` against a fresh child nano started with `arguments`, under the liveness
    /// probe (sending `probeHeaders`).
    static func underAttack(
        _ category: String, arguments: [String] = [], probeHeaders: [String: String] = [:], _ attack: (ChildNano) async throws -> Int
    ) async throws {
        try await ChildNano.with(arguments: arguments + ["--quiet"]) { nano in
            let (count, report) = try await LivenessProbe.watching(port: nano.port, headers: probeHeaders) { try await attack(nano) }
            #expect(report.isHealthy, "\(category): \(report)")
            print("attack \(category): \(count) hostile inputs; GET / \(report)")
        }
    }

    /// Words that would tell a client how nano is built or where it keeps its files.
    static func expectNoInternals(_ reply: Nano.Reply, _ nano: ChildNano, sourceLocation: SourceLocation = #_sourceLocation) {
        for secret in [nano.directory, "/tmp/", "SQL", "sqlite", "GRDB", "errno"] {
            #expect(!reply.text.contains(secret), "\(reply.status) \(reply.text)", sourceLocation: sourceLocation)
        }
    }

    /// The attack is holding the sockets (20,000 held ones once made nano unreachable): they are
    /// opened first, and once nano has taken them in and closed those over its cap, the probe
    /// runs while the rest stay open. Both ends live in child processes (a `hyper-vision nano`,
    /// a python3 holding the sockets): this process must keep its descriptors few, see
    /// `SocketFlood`.
    @Test func idleSocketFlood() async throws {
        try await ChildNano.with(arguments: ["--max-connections", "256", "--quiet"]) { nano in
            let port = nano.port
            let flood = try await SocketFlood(port: port, count: 2000)
            let closed = try await flood.closedByServer(atLeast: 2000 - 256, within: .seconds(60))
            let (_, report) = try await LivenessProbe.watching(port: port) {
                try await Task.sleep(for: .seconds(2))
            }
            await flood.release()
            #expect(closed >= 2000 - 256)
            #expect(report.isHealthy, "\(report)")
            print("attack idle sockets: 2000 hostile inputs; GET / \(report)")
        }
    }

    @Test func slowRequestHeads() async throws {
        try await Self.underAttack("slow request heads", arguments: ["--header-timeout", "0.5"]) { nano in
            let port = nano.port
            let closed = try await onOwnThread {
                let sockets = try (0..<100).map { _ in try RawSocket(port: port) }
                for (index, socket) in sockets.enumerated() {
                    try socket.send(["GET /data/test HT", "POST /data/test HTTP/1.1\r\nHost: x\r\nContent-Le", "G"][index % 3])
                }
                return try sockets.closedByPeer(atLeast: 100, within: .seconds(20))
            }
            #expect(closed == 100)
            return 100
        }
    }

    @Test func hostileMultipartForms() async throws {
        try await Self.underAttack("multipart forms") { nano in
            let port = nano.port
            let type = "multipart/form-data; boundary=Attack"
            let forms: [(GeneratedBody, Int)] = [
                (GeneratedBody.form(boundary: "Attack", fields: 7000, fieldSize: 64 * 1024, fileSize: 1), 413),
                (GeneratedBody.form(boundary: "Attack", fields: 17, fieldSize: 1, fileSize: 1), 413),
                (GeneratedBody.form(boundary: "Attack", fields: 3, fieldSize: 30 * 1024, fileSize: 1), 413),
                // one part whose headers never end
                (GeneratedBody(pieces: [.text("--Attack\r\nContent-Disposition: form-data; name=\"x\"\r\nX-Pad: "),
                                        .run(byte: UInt8(ascii: "p"), count: 1_048_576)]), 413),
            ]
            for (form, expected) in forms {
                let status = try await onOwnThread { try RawSocket.post(port: port, "/storage/test", contentType: type, body: form, timeout: .seconds(60)) }
                #expect(status == expected)
            }
            let boundary = try await nano.request("POST", "/storage/test", body: Data("x".utf8),
                                                  headers: ["Content-Type": "multipart/form-data; boundary=" + String(repeating: "b", count: 5000)])
            #expect(boundary.status == 400)
            let noBoundary = try await nano.request("POST", "/storage/test", body: Data("x".utf8), headers: ["Content-Type": "multipart/form-data"])
            #expect(noBoundary.status == 400)
            return forms.count + 2
        }
    }

    @Test func heavyRequestFlood() async throws {
        try await ChildNano.with(arguments: ["--seed", "demo", "--size", "4000", "--quiet"]) { nano in
            let tally = StatusTally()
            let (_, report) = try await LivenessProbe.watching(port: nano.port, paths: ["/", "/data/test/movie-0001"]) {
                try await FairnessTests.flood(nano.base, clients: 8, for: .seconds(2), tally: tally)
            }
            #expect(report.isHealthy, "\(report)")
            #expect(Set(tally.counts.keys).isSubset(of: [200, 503]), "\(tally.counts)")
            print("attack heavy requests: \(tally.counts.values.reduce(0, +)) hostile inputs; GET / \(report)")
        }
    }

    static let hostileOrigins = [
        "http://evil.example", "https://evil.example", "null", "http://localhost.evil.example", "http://127.0.0.1.evil.example",
        "file://", "http://127.0.0.1:1", "http://localhost", "chrome-extension://abcdef", "http://[::1]:8080",
    ]

    @Test func crossOriginRequests() async throws {
        try await Self.underAttack("cross-origin requests", arguments: ["--cors", "http://ui.example"]) { nano in
            var count = 0
            for origin in Self.hostileOrigins {
                let attempts: [(String, String, Data?, [String: String])] = [
                    ("OPTIONS", "/data/test", nil, ["Access-Control-Request-Method": "DELETE"]),
                    ("POST", "/data/test", Data(#"{"_id":"csrf"}"#.utf8), ["Content-Type": "text/plain"]),
                    ("POST", "/data/test", Data(#"{"_id":"csrf"}"#.utf8), ["Content-Type": "application/json"]),
                    ("POST", "/storage/test", StorageTests.multipart(file: ("csrf.txt", Data("x".utf8))),
                     ["Content-Type": "multipart/form-data; boundary=XyZ123"]),
                    ("POST", "/storage/test/csrf.txt", Data("x".utf8), ["Content-Type": "text/plain"]),
                    ("DELETE", "/data/test", nil, [:]),
                    ("GET", "/data/test", nil, [:]),
                ]
                for (method, path, body, headers) in attempts {
                    let reply = try await nano.request(method, path, body: body, headers: headers.merging(["Origin": origin]) { $1 })
                    #expect(reply.status == 403, "\(origin) \(method) \(path)")
                    #expect(reply.header("Access-Control-Allow-Origin") == nil)
                    count += 1
                }
            }
            #expect(try await nano.get("/data/test/csrf").status == 404)
            #expect(try await nano.get("/storage/test/csrf.txt").status == 404)
            #expect(try await nano.get("/data/test").status == 200)
            return count
        }
    }

    static let nonJSONTypes = [
        "text/plain", "text/plain; charset=utf-8", "application/x-www-form-urlencoded", "text/html", "application/xml",
        "text/json", "application/jsonp", "application/json-seq", "image/png", "application/octet-stream", "*/*", "",
    ]

    @Test func bodiesNotSentAsJSON() async throws {
        try await Self.underAttack("non-JSON content types") { nano in
            var count = 0
            for type in Self.nonJSONTypes {
                for (path, body) in [("/data/test", #"{"_id":"typed"}"#), ("/data/test/_bulk", #"[{"_id":"typed"}]"#),
                                     ("/cache/test", #"{"key":"typed","value":{}}"#), ("/queue/test", #"{"typed":true}"#)] {
                    let reply = try await nano.request("POST", path, body: Data(body.utf8), headers: ["Content-Type": type])
                    #expect(reply.status == 415, "\(type) \(path): \(reply.status) \(reply.text)")
                    count += 1
                }
            }
            #expect(try await nano.get("/data/test/typed").status == 404)
            #expect(try await nano.get("/cache/test/typed").status == 404)
            return count
        }
    }

    @Test func namesThatLeakedInternals() async throws {
        try await Self.underAttack("names and paths") { nano in
            #expect(try await nano.request("POST", "/storage/test/file.txt", body: Data("f".utf8)).status == 201)
            let attempts: [(String, String, Data?, Int)] = [
                ("PUT", "/storage/" + String(repeating: "b", count: 300), Data(), 400),
                ("DELETE", "/storage/" + String(repeating: "b", count: 300), nil, 400),
                ("GET", "/storage/" + String(repeating: "b", count: 300) + "/x", nil, 400),
                ("POST", "/storage/test/" + String(repeating: "s", count: 256), Data("x".utf8), 400),
                ("POST", "/storage/test/" + String(repeating: "é", count: 200), Data("x".utf8), 400),  // 400 bytes
                ("POST", "/storage/test/" + Array(repeating: "d", count: 600).joined(separator: "/"), Data("x".utf8), 400),
                ("POST", "/storage/test/file.txt/inside.txt", Data("x".utf8), 409),
                ("POST", "/storage/test/file.txt/a/b/c.txt", Data("x".utf8), 409),
                ("GET", "/storage/test/file.txt/inside.txt", nil, 404),
                ("DELETE", "/storage/test/file.txt/inside.txt", nil, 404),
            ]
            for (method, path, body, expected) in attempts {
                let reply = try await nano.request(method, path, body: body)
                #expect(reply.status == expected, "\(method) \(path.prefix(60)): \(reply.text)")
                Self.expectNoInternals(reply, nano)
            }
            return attempts.count
        }
    }

    @Test func searchQueriesOfManyWords() async throws {
        try await Self.underAttack("search words") { nano in
            let words = (0..<200_000).map { "w\($0)" }.joined(separator: " ")
            let reply = try await nano.post("/search/test/_query", ["query": .string(words)])
            #expect(reply.status == 400)
            return 1
        }
    }

    @Test func tokensAndDemoWorkerWrites() async throws {
        let secret = "s3cret"
        let token = ConventionsTests.jwt(["sub": "app-key"], secret: secret)
        try await Self.underAttack(
            "tokens and demo workers", arguments: ["--secret", secret, "--sub", "app-key"], probeHeaders: ["Authorization": "Bearer " + token]
        ) { nano in
            let now = Int(Date().timeIntervalSince1970)
            let tokens = [
                ConventionsTests.jwt(["sub": "app-key", "nbf": JSON(now + 3600)], secret: secret),
                ConventionsTests.jwt(["sub": "app-key", "nbf": JSON(now + 10), "exp": JSON(now + 3600)], secret: secret),
                ConventionsTests.jwt(["sub": "app-key", "nbf": "0"], secret: secret),
                ConventionsTests.jwt(["sub": "app-key", "exp": "99999999999"], secret: secret),
                ConventionsTests.jwt(["sub": "app-key", "exp": JSON(now - 60)], secret: secret),
                ConventionsTests.jwt(["sub": "app-key", "nbf": ["$gt": 0]], secret: secret),
                ConventionsTests.jwt(["sub": "app-key", "exp": .null, "nbf": JSON(now + 86400 * 365)], secret: secret),
            ]
            for token in tokens {
                #expect(try await nano.get("/data/test", headers: ["Authorization": "Bearer " + token]).status == 401)
            }
            let signatures = ["", "t=1,sig=00", "t=,sig=", "sig=deadbeef", "t=1" + String(repeating: ",", count: 10_000), "t=1,sig=" + String(repeating: "a", count: 64)]
            for signature in signatures {
                for path in ["/_nano/queue/flaky", "/_nano/queue/accept"] {
                    let reply = try await nano.request("POST", path, json: ["type": "PLANTED"], headers: ["X-HYPER-SIGNATURE": signature])
                    #expect(reply.status == 401, "\(path) \(signature.prefix(30))")
                }
            }
            return tokens.count + signatures.count * 2
        }
    }
}
