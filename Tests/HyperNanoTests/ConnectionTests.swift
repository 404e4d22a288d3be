import Foundation
import TestSupport
import Testing
@testable import HyperNano

/// Connections (issue 10.9d, 10.7): idle ones are closed, a stalled request head is dropped, and
/// the number of open connections stays under a cap without starving new clients. All over raw
/// sockets, since no HTTP client leaves a connection half-sent. Every wait is `patience` long and
/// ends as soon as what it waits for happens: the server shares this process's cooperative pool
/// with every other test.
@Suite struct ConnectionTests {
    @Test func idleConnectionsAreClosedAfterTheIdleTimeout() async throws {
        try await Nano.with(configure: { $0.limits.idleTimeout = .milliseconds(500) }) { nano async throws in
            let port = nano.port
            let closed = try await onOwnThread {
                var sockets = try (0..<20).map { _ in try RawSocket(port: port) }
                // two that served a request and are kept alive: one answered by the light lane,
                // one (a GET with a body) the full way through Hummingbird
                for request in ["GET / HTTP/1.1\r\nHost: nano\r\n\r\n",
                                "GET / HTTP/1.1\r\nHost: nano\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"] {
                    let used = try RawSocket(port: port)
                    try used.send(request)
                    guard try used.readAnswer(timeout: patience).status == 200 else { return -1 }
                    sockets.append(used)
                }
                return try sockets.closedByPeer(atLeast: sockets.count, within: patience)
            }
            #expect(closed == 22)
        }
    }

    @Test func aStalledRequestHeadIsAnswered408AndDropped() async throws {
        try await Nano.with(configure: { $0.limits.headerTimeout = .milliseconds(500) }) { nano async throws in
            let port = nano.port
            let (answer, closed) = try await onOwnThread {
                let socket = try RawSocket(port: port)
                try socket.send("GET /data/te")
                let (bytes, closed) = try socket.readUntilClosed(timeout: patience)
                return (String(decoding: bytes, as: UTF8.self), closed)
            }
            #expect(closed)
            #expect(answer.hasPrefix("HTTP/1.1 408 Request Timeout"), "\(answer)")
        }
    }

    /// One byte every 100 ms for up to a minute: each byte is activity, but the head never
    /// completes. Dropped at its 0.5 s deadline (within 15 s, however starved the machine);
    /// a deadline that each byte pushed back would never drop it.
    @Test func aTrickledRequestHeadIsDroppedAtItsDeadline() async throws {
        try await Nano.with(configure: { $0.limits.headerTimeout = .milliseconds(500) }) { nano async throws in
            let port = nano.port
            let (closedAfter, closed) = try await onOwnThread {
                let socket = try RawSocket(port: port)
                let started = ContinuousClock.now
                let head = Array("GET /data/test/some-long-document-id HTTP/1.1\r\nHost: nano\r\nX-Trickle: ".utf8)
                for index in 0..<600 {
                    if try socket.isClosedByPeer(within: .milliseconds(100)) { return (ContinuousClock.now - started, true) }
                    try? socket.send([index < head.count ? head[index] : UInt8(ascii: "a")])
                }
                return (ContinuousClock.now - started, false)
            }
            #expect(closed)
            #expect(closedAfter < .seconds(15), "\(closedAfter)")
        }
    }

    /// HTTP/1.0 closes a connection after its answer unless the request asks to keep it alive
    /// (RFC 9112, 9.3): a client that reads the answer to the connection's end (ApacheBench
    /// without -k) must not wait for the idle timeout, here an hour. Both ways: a light read the
    /// lane answers, a document the lane passes on (absent: Hummingbird's 404), a query with a
    /// body (Hummingbird's). Asked to keep alive, an HTTP/1.0 connection serves a second request.
    @Test func anHTTP10ConnectionClosesAfterItsAnswerUnlessKeptAlive() async throws {
        try await Nano.with(configure: { $0.limits.idleTimeout = .seconds(3600) }) { nano async throws in
            let port = nano.port
            let (closing, keptAlive) = try await onOwnThread {
                let closing = try ["GET / HTTP/1.0\r\n\r\n",
                                   "GET /data/test/absent HTTP/1.0\r\n\r\n",
                                   "POST /data/test/_query HTTP/1.0\r\nContent-Type: application/json\r\nContent-Length: 15\r\n\r\n{\"selector\":{}}"]
                    .map { request -> (statuses: [Int], closed: Bool) in
                        let socket = try RawSocket(port: port)
                        try socket.send(request)
                        let (bytes, closed) = try socket.readUntilClosed(timeout: patience)
                        return (HTTPAnswer.sequence(parsing: bytes).map(\.status), closed)
                    }
                let socket = try RawSocket(port: port)
                var statuses: [Int] = []
                for _ in 0..<2 {
                    try socket.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
                    statuses.append(try socket.readAnswer(timeout: patience).status)
                }
                return (closing, (statuses, try socket.isClosedByPeer(within: .milliseconds(300))))
            }
            #expect(closing.map(\.statuses) == [[200], [404], [200]])
            #expect(closing.map(\.closed) == [true, true, true])
            #expect(keptAlive.0 == [200, 200])
            #expect(keptAlive.1 == false)
        }
    }

    /// A graceful stop lets the answers under way finish: two downloads of an object larger than
    /// loopback sockets hold, not yet read when the stop reaches their connections, arrive whole
    /// (the lane's, and one passed on to Hummingbird, asking to close), and their connections
    /// close after; an idle kept-alive connection closes at once; the stop ends when they have.
    /// Before, both downloads were cut where the stop found them.
    @Test func aGracefulStopLetsTheAnswersUnderWayFinish() async throws {
        let nano = try await Nano.start { $0.limits.drainTimeout = patience }
        let size = 24 << 20
        let upload = try await nano.request("POST", "/storage/test/big.bin", body: Data(repeating: 0x61, count: size),
                                            headers: ["Content-Type": "application/octet-stream"])
        #expect(upload.status == 201)
        let port = nano.port
        let (downloads, idle) = try await onOwnThread {
            // Under way: their heads have arrived.
            let downloads = try ["", "Connection: close\r\n"].map { extra in
                let socket = try RawSocket(port: port)
                try socket.send("GET /storage/test/big.bin HTTP/1.1\r\nHost: nano\r\n\(extra)\r\n")
                return (socket, try socket.readHead(timeout: patience))
            }
            let idle = try RawSocket(port: port)
            try idle.send("GET / HTTP/1.1\r\nHost: nano\r\n\r\n")
            _ = try idle.readAnswer(timeout: patience)
            return (downloads, idle)
        }
        let stopping = Task { await nano.stop(removing: true) }
        let (idleClosed, received) = try await onOwnThread {
            // Closed: the stop has reached the connections, with both downloads under way.
            let idleClosed = try idle.isClosedByPeer(within: patience)
            let received = try downloads.map { socket, started in
                let (bytes, closed) = try socket.readUntilClosed(timeout: patience)
                return (HTTPAnswer.sequence(parsing: started + bytes).map { [$0.status, $0.body.count] }, closed)
            }
            return (idleClosed, received)
        }
        await stopping.value
        #expect(idleClosed)
        #expect(received.map(\.0) == [[[200, size]], [[200, size]]])
        #expect(received.map(\.1) == [true, true])
    }

    /// The wait has a bound: a client that never reads its download is closed at the drain
    /// timeout, and the stop ends.
    @Test func aGracefulStopClosesAnAnswerNotReadWithinTheDrainTimeout() async throws {
        let nano = try await Nano.start { $0.limits.drainTimeout = .milliseconds(300) }
        let upload = try await nano.request("POST", "/storage/test/big.bin", body: Data(repeating: 0x61, count: 24 << 20),
                                            headers: ["Content-Type": "application/octet-stream"])
        #expect(upload.status == 201)
        let port = nano.port
        let socket = try await onOwnThread {
            let socket = try RawSocket(port: port)
            try socket.send("GET /storage/test/big.bin HTTP/1.1\r\nHost: nano\r\n\r\n")
            _ = try socket.readHead(timeout: patience)
            return socket
        }
        await nano.stop(removing: true)
        let (bytes, closed) = try await onOwnThread { try socket.readUntilClosed(timeout: patience) }
        #expect(closed)
        #expect(bytes.count < 24 << 20)
    }

    /// The head deadline starts at a request's first byte: a kept-alive connection may wait
    /// longer than it between requests (the idle timeout governs that).
    @Test func keptAliveConnectionsMayPauseBetweenRequests() async throws {
        try await Nano.with(configure: { $0.limits.headerTimeout = .milliseconds(300) }) { nano async throws in
            let port = nano.port
            let statuses = try await onOwnThread {
                let socket = try RawSocket(port: port)
                var statuses: [Int] = []
                for _ in 0..<2 {
                    try socket.send("GET / HTTP/1.1\r\nHost: nano\r\n\r\n")
                    statuses.append(try socket.readAnswer(timeout: patience).status)
                    try await Task.sleep(for: .milliseconds(800))
                }
                return statuses
            }
            #expect(statuses == [200, 200])
        }
    }

    /// How fast the newcomer is answered is measured against a child nano (ResourceTests,
    /// AttackTests): here this process's other tests would be measured too.
    @Test func beyondTheCapTheLongestIdleConnectionMakesRoom() async throws {
        // No idle timeout within the test's waits: only the cap may close the idle connections.
        try await Nano.with(configure: { $0.limits.maxConnections = 20; $0.limits.idleTimeout = .seconds(3600) }) { nano async throws in
            let port = nano.port
            let registry = nano.server.connections
            let (status, closed, open) = try await onOwnThread {
                let idle = try (0..<60).map { _ in try RawSocket(port: port) }
                let status = try RawSocket.get(port: port, "/", timeout: patience).status
                // 60 idle connections and the newcomer, 20 allowed: at least 40 idle ones closed
                let closed = try idle.closedByPeer(atLeast: 40, within: patience)
                return (status, closed, registry.count)
            }
            #expect(status == 200)
            #expect(closed >= 40)
            #expect(open <= 20)
        }
    }

    /// A refused body is not read on to its end: the answer says `Connection: close` and the
    /// connection ends (before, nano read and discarded whatever the client kept sending).
    @Test func aRefusedBodyIsNotReadToItsEnd() async throws {
        try await Nano.with { nano async throws in
            let port = nano.port
            let (answer, closed) = try await onOwnThread {
                let socket = try RawSocket(port: port)
                try socket.send("POST /data/test HTTP/1.1\r\nHost: nano\r\nContent-Type: application/json\r\n"
                    + "Content-Length: \(1 << 30)\r\n\r\n")
                let megabyte = [UInt8](repeating: UInt8(ascii: " "), count: 1 << 20)
                for _ in 0..<9 { try socket.send(megabyte) }  // past the 8 MB limit of a document
                let answer = try socket.readAnswer(timeout: patience)
                return (answer, try socket.isClosedByPeer(within: patience))
            }
            #expect(answer.status == 413)
            #expect(answer.header("Connection") == "close")
            #expect(closed)
        }
    }

    @Test func whenEveryConnectionServesARequestANewOneIsRefused() async throws {
        // No idle timeout within the test's waits: only the cap may close the newcomer.
        try await Nano.with(configure: { $0.limits.maxConnections = 2; $0.limits.idleTimeout = .seconds(3600) }) { nano async throws in
            let port = nano.port
            let registry = nano.server.connections
            let (refused, statuses) = try await onOwnThread {
                let body = Array(#"{"_id":"busy","v":1}"#.utf8)
                let busy = try (0..<2).map { _ in try RawSocket(port: port) }
                for socket in busy {
                    try socket.send("POST /data/test HTTP/1.1\r\nHost: nano\r\nContent-Type: application/json\r\n"
                        + "Content-Length: \(body.count + 1)\r\n\r\n")
                    try socket.send(Array(body.prefix(5)))
                }
                let deadline = ContinuousClock.now + patience
                while registry.busyCount < 2, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
                guard registry.busyCount == 2 else { throw RawSocket.Failure(description: "the two requests never began") }
                let newcomer = try RawSocket(port: port)
                let refused = try newcomer.isClosedByPeer(within: patience)
                var statuses: [Int] = []
                for (index, socket) in busy.enumerated() {
                    var rest = Array(body.dropFirst(5))
                    rest.insert(UInt8(ascii: "0") + UInt8(index), at: rest.count - 1)  // "v":10 and "v":11
                    try socket.send(rest)
                    statuses.append(try socket.readAnswer(timeout: patience).status)
                }
                return (refused, statuses)
            }
            #expect(refused)
            #expect(statuses.count == 2 && statuses.allSatisfy { $0 == 201 || $0 == 409 }, "\(statuses)")
        }
    }
}
