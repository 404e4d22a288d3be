import Foundation
import HyperJSON
import HyperModel
import TestSupport
import Testing
@testable import HyperClient
import HyperTransport

/// The libcurl transport against a real HTTP/1.1 server (scripts/client-test-server.py).
@Suite struct TransportTests {
    @Test func keepAliveReusesOneConnection() async throws {
        let server = try TestServer.get()
        // "localhost" is used by no other test, so the pool holds no other connection to it.
        let client = try server.client(host: "localhost")
        var ids: [JSON] = []
        var newConnections: [Int] = []
        for _ in 0..<5 {
            let response = try await client.send(HTTPRequest(method: "GET", url: "http://localhost:\(server.port)/echo"))
            ids.append(try #require(try HyperAnswer.decode(response)["connection"]))
            newConnections.append(response.newConnections)
            #expect(response.httpVersion == 2)   // CURL_HTTP_VERSION_1_1: cleartext stays HTTP/1.1
        }
        #expect(Set(ids).count == 1, "every request went over the first TCP connection: \(ids)")
        #expect(newConnections.dropFirst().allSatisfy { $0 == 0 }, "curl opened: \(newConnections)")
    }

    @Test func totalTimeout() async throws {
        let server = try TestServer.get()
        let client = try server.client(options: ClientOptions(totalTimeout: 0.3))
        // Without the timeout the 10 s delay would answer 200. curl's own clock is in the
        // message; wall-clock bounds here would fail whenever other suites stall the test pool.
        let reason = await networkFailure { _ = try await client.call("GET", server.base + "/delay?ms=10000") }
        #expect(reason?.contains("timed out after") == true && reason.flatMap(milliseconds(in:)).map { $0 < 5_000 } == true)
    }

    /// A write that got no answer may still have been applied: the error says so (a read's
    /// does not; a write that never connected does not either).
    @Test func aWriteWithoutAnAnswerMayHaveBeenApplied() async throws {
        let server = try TestServer.get()
        // 2 s, not less: on a loaded machine curl's resolver and connect alone can take a few
        // hundred ms, and this test needs the request sent before the timeout strikes.
        let client = try server.client(options: ClientOptions(totalTimeout: 2))
        let caveat = "the server may have applied this write"
        let write = await networkFailure { _ = try await client.call("POST", server.base + "/delay?ms=10000", body: ["a": 1]) }
        #expect(write?.contains("timed out after") == true && write?.contains(caveat) == true)
        let read = await networkFailure { _ = try await client.call("GET", server.base + "/delay?ms=10000") }
        #expect(read?.contains(caveat) == false)
        let refusing = try RefusingPort()
        defer { refusing.close() }
        let refused = try server.client(options: ClientOptions(maxRetries: 0))
        let unsent = await networkFailure { _ = try await refused.call("POST", "http://127.0.0.1:\(refusing.port)/data/test", body: ["a": 1]) }
        #expect(unsent?.contains(caveat) == false)
    }

    @Test func connectTimeout() async throws {
        // A listener that never accepts, its one-slot backlog already taken: further SYNs are
        // dropped, so the connect hangs until our connect timeout.
        let (listener, port) = try Loopback.bind()
        defer { close(listener) }
        try #require(listen(listener, 0) == 0)
        var fillers: [Int32] = []
        defer { fillers.forEach { close($0) } }
        for _ in 0..<3 {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
            Loopback.connect(fd, port: port)
            fillers.append(fd)
        }
        let client = HyperClient(connection: try Connection.parse("http://127.0.0.1:\(port)/test"),
                                 options: ClientOptions(connectTimeout: 0.3, totalTimeout: 20))
        // "Connection timeout after 300 ms" or "Failed to connect ... after 301 ms: Timeout was
        // reached": the connect timeout, not the 20 s total one.
        let reason = await networkFailure { _ = try await client.data.list() }
        #expect(reason?.lowercased().contains("timeout") == true && reason.flatMap(milliseconds(in:)).map { $0 < 5_000 } == true)
    }

    @Test func idempotentRequestsAreRetriedOn503() async throws {
        let server = try TestServer.get()
        let client = try server.client()
        let key = uniqueKey()
        let answer = try await client.call("GET", server.base + "/flaky?key=\(key)&fail=2&status=503")
        #expect(answer["attempts"] == 3)
        let put = try await client.call("PUT", server.base + "/flaky?key=\(uniqueKey())&fail=1&status=502", body: ["a": 1])
        #expect(put["attempts"] == 2)
    }

    @Test func retryAfterIsHonoured() async throws {
        let server = try TestServer.get()
        let client = try server.client()
        let start = ContinuousClock.now
        let answer = try await client.call("GET", server.base + "/flaky?key=\(uniqueKey())&fail=1&status=503&retry_after=1")
        #expect(answer["attempts"] == 2)
        #expect(ContinuousClock.now - start >= .seconds(1))
    }

    @Test func postIsNotRetried() async throws {
        let server = try TestServer.get()
        let client = try server.client()
        let key = uniqueKey()
        await #expect {
            _ = try await client.call("POST", server.base + "/flaky?key=\(key)&fail=1&status=503", body: ["a": 1])
        } throws: { error in
            guard case .http(let status, let body) = error as? HyperError else { return false }
            return status == 503 && body == "try again later"
        }
        let attempts = try await client.call("GET", server.base + "/attempts?key=\(key)")
        #expect(attempts["attempts"] == 1)
    }

    @Test func retriesGiveUpAfterMaxRetries() async throws {
        let server = try TestServer.get()
        let client = try server.client(options: ClientOptions(maxRetries: 1))
        let key = uniqueKey()
        await #expect(throws: HyperError.self) {
            _ = try await client.call("GET", server.base + "/flaky?key=\(key)&fail=5&status=504")
        }
        let attempts = try await client.call("GET", server.base + "/attempts?key=\(key)")
        #expect(attempts["attempts"] == 2)
    }

    @Test func brokenConnectionsAreRetriedOnlyWhenIdempotent() async throws {
        let server = try TestServer.get()
        let client = try server.client()
        let answer = try await client.call("DELETE", server.base + "/drop?key=\(uniqueKey())&fail=1")
        #expect(answer["attempts"] == 2)
        let key = uniqueKey()
        await #expect {
            _ = try await client.call("POST", server.base + "/drop?key=\(key)&fail=1")
        } throws: { error in
            guard case .network = error as? HyperError else { return false }
            return true
        }
        #expect(try await client.call("GET", server.base + "/attempts?key=\(key)")["attempts"] == 1)
    }

    @Test func refusedConnectionCarriesCurlsReason() async throws {
        let refusing = try RefusingPort()
        defer { refusing.close() }
        let client = HyperClient(connection: try Connection.parse("http://127.0.0.1:\(refusing.port)/test"),
                                 options: ClientOptions(maxRetries: 0))
        await #expect {
            _ = try await client.info()
        } throws: { error in
            guard let error = error as? HyperError, case .network(let reason) = error else { return false }
            return reason.contains("127.0.0.1") && error.exitCode == 3
        }
    }

    @Test func refusedConnectionsAreRetriedWithBackoffOnlyWhenIdempotent() async throws {
        let refusing = try RefusingPort()
        defer { refusing.close() }
        let lines = LineLog()
        let client = HyperClient(connection: try Connection.parse("http://127.0.0.1:\(refusing.port)/test"),
                                 options: ClientOptions(debugLog: { lines.add($0) }))
        let start = ContinuousClock.now
        await #expect(throws: HyperError.self) { _ = try await client.data.list() }
        #expect(ContinuousClock.now - start >= .milliseconds(750))   // 250 ms + 500 ms of backoff
        #expect(lines.all.filter { $0.hasPrefix("> GET") }.count == 3)
        #expect(lines.all.contains { $0.hasSuffix("(attempt 3)") })
        await #expect(throws: HyperError.self) { _ = try await client.data.add(["a": 1]) }
        #expect(lines.all.filter { $0.hasPrefix("> POST") }.count == 1)
    }

    @Test func proxyFromTheEnvironment() async throws {
        let server = try TestServer.get()   // sets http_proxy to itself for *.invalid hosts
        let client = try server.client()
        let echo = try await client.call("GET", "http://proxied.invalid/echo?via=proxy")
        #expect(echo["rawPath"] == "http://proxied.invalid/echo?via=proxy")   // absolute-form: a proxy request
        #expect(echo["host"] == "127.0.0.1")
    }

    @Test func crossHostRedirectDropsAuthorization() async throws {
        let server = try TestServer.get()
        let client = try server.client(credentials: "key:SECRET")
        let target = server.otherHostBase + "/echo"
        let answer = try await client.call("GET", server.base + "/redirect?to=" + URLEncoding.formValue(target))
        #expect(answer["host"] == "127.0.0.2")
        #expect(answer["headers"]?["authorization"] == nil)
        // Same host name, other port and scheme: still another origin.
        let trusting = try server.client(credentials: "key:SECRET", options: ClientOptions(caCertPath: server.certificate.certPath))
        let tls = try await trusting.call("GET", server.base + "/redirect?to=" + URLEncoding.formValue(server.tlsBase + "/echo"))
        #expect(tls["path"] == "/echo")
        #expect(tls["headers"]?["authorization"] == nil)
        // Same origin: the token follows the redirect (so the checks above are not vacuous).
        let same = try await client.call("GET", server.base + "/redirect?status=307&to=%2Fecho")
        #expect(same["host"] == "127.0.0.1")
        #expect(same["headers"]?["authorization"]?.stringValue?.hasPrefix("Bearer ") == true)
    }

    @Test func gzipIsNegotiatedAndDecoded() async throws {
        let server = try TestServer.get()
        let client = try server.client()
        let echo = try await client.call("GET", server.base + "/echo")
        #expect(echo["headers"]?["accept-encoding"]?.stringValue?.contains("gzip") == true)
        let response = try await client.send(HTTPRequest(method: "GET", url: server.base + "/gzip"))
        #expect(response.header("content-encoding") == "gzip")
        #expect(response.body.count == Int(response.header("x-raw-length") ?? ""))
        #expect(try HyperAnswer.decode(response)["compressed"] == true)
    }

    @Test func errorAnswerDoesNotClobberTheDownloadFile() async throws {
        let server = try TestServer.get()
        let client = try server.client()
        let path = temporaryPath("keep.txt")
        defer { unlink(path) }
        try "precious".write(toFile: path, atomically: true, encoding: .utf8)
        let body = URLEncoding.formValue(#"{"ok":false,"status":404,"msg":"object does not exist"}"#)
        let response = try await client.send(HTTPRequest(
            method: "GET", url: server.base + "/status?code=404&type=json&body=\(body)", sink: .file(path: path)))
        #expect(response.status == 404)
        #expect(String(decoding: response.body, as: UTF8.self).contains("object does not exist"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "precious")
    }

    @Test func cancellingTheTaskCancelsTheTransfer() async throws {
        let server = try TestServer.get()
        let client = try server.client(options: ClientOptions(totalTimeout: 600))
        // The server holds the request unanswered for 10 minutes, longer than any wait here:
        // cancelled once it has arrived, `.cancelled` proves the transfer in flight was aborted.
        let path = "/x/hostile-hang/\(uniqueKey())"
        let task = Task { try await client.call("GET", server.base + path + "?seconds=600") }
        #expect(try await eventually { try await server.seen(path) == 1 })
        task.cancel()
        await #expect {
            _ = try await task.value
        } throws: { error in
            guard case .cancelled = error as? HyperError else { return false }
            return true
        }
    }

    @Test func manyConcurrentRequests() async throws {
        let server = try TestServer.get()
        let client = try server.client()
        let answers = try await withThrowingTaskGroup(of: JSON.self) { group in
            for i in 0..<40 {
                group.addTask { try await client.call("POST", server.base + "/echo", body: ["n": .number(JSONNumber(i))]) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let bodies = Set(answers.compactMap { $0["body"]?.stringValue })
        #expect(bodies == Set((0..<40).map { #"{"n":\#($0)}"# }))
    }
}

/// Collects progress reports from the engine thread.
final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var reports: [TransferProgress] = []
    func add(_ p: TransferProgress) { lock.withLock { reports.append(p) } }
    var last: TransferProgress? { lock.withLock { reports.last } }
    var count: Int { lock.withLock { reports.count } }
}

/// The number in "... after 300 ms ..." or "... after 300 milliseconds ...".
func milliseconds(in reason: String) -> Int? {
    guard let range = reason.range(of: "after ") else { return nil }
    return Int(reason[range.upperBound...].prefix { $0.isNumber })
}
