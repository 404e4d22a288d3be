import Foundation
import Glibc
import HyperJSON
import TestSupport
import Testing
@testable import HyperNano

/// The light reads answered on the event loop (`ReadLane`) against the same requests taken the
/// full way through Hummingbird: same answers, in request order, on connections that the idle
/// timeout still sees as busy.
@Suite struct ReadLaneTests {
    /// Stores one document, cache value, search document and storage object, each under `a`
    /// and `b`.
    private static func store(at nano: Nano) async throws {
        for key in ["a", "b"] {
            #expect(try await nano.request("POST", "/storage/test/\(key).txt", body: Data("object \(key)".utf8)).status == 201)
            #expect(try await nano.post("/data/test", ["_id": .string(key), "title": .string("doc \(key)")]).status == 201)
            #expect(try await nano.post("/cache/test", ["key": .string(key), "value": ["title": .string("value \(key)")]]).status == 201)
            #expect(try await nano.post("/search/test", ["key": .string(key), "doc": ["title": .string("ghost \(key)"), "type": "movie"]]).status == 201)
        }
    }

    /// A request with a body is never answered by the lane: the same GET with an empty chunked
    /// body takes the full way, and both ways answer alike, 404s included (a failing read falls
    /// back to the full way). The lane reads NIO's HTTP/1 head, the full way Hummingbird's
    /// request: percent-encoding, query strings, a fragment, fields named in any case and an
    /// absolute URL read the same both ways.
    @Test func lightReadsAnswerAsTheFullWayDoes() async throws {
        try await Nano.with { nano async throws in
            try await Self.store(at: nano)
            // larger than the answers the lane copies behind their head: written as a second buffer
            let big = String(repeating: "long text ", count: 4_000)
            #expect(try await nano.post("/data/test", ["_id": "big", "text": .string(big)]).status == 201)
            #expect(try await nano.post("/data/test", ["_id": "a b/é", "title": "spaced"]).status == 201)
            let legacy = "X-HYPER-LEGACY-GET: false\r\n"
            let requests: [(path: String, fields: String)] = [
                ("/", ""), ("/data/test/a", ""), ("/data/test?keys=a,b", ""), ("/data/test?keys=a&limit=1", ""), ("/cache/test/b", ""),
                ("/search/test/a", ""), ("/storage/test/a.txt", ""), ("/data/test/big", ""),
                ("/data/test/a%20b%2F%C3%A9", ""), ("/data/test?keys=a%2Cb&descending=true", ""), ("//data///test/a", ""),
                ("/data/test/a", legacy), ("/data/test/a", legacy.lowercased()), ("/cache/test/b", "X-Hyper-Legacy-Get: true\r\n"),
                ("http://nano/data/test/b", ""), ("/data/test/a?unused=1", ""),
                ("/data/test/missing", ""), ("/cache/test/b#fragment", ""), ("/cache/test/missing", ""), ("/search/test/missing", ""), ("/data/nodb/a", ""),
                ("/storage/test/missing.txt", ""), ("/storage/nobucket/a.txt", ""), ("/data/test/%zz", ""),
            ]
            let port = nano.port
            let pairs = try await onOwnThread { () throws -> [(lane: HTTPAnswer, full: HTTPAnswer)] in
                let socket = try RawSocket(port: port)
                defer { socket.close() }
                var pairs: [(lane: HTTPAnswer, full: HTTPAnswer)] = []
                for (path, fields) in requests {
                    try socket.send("GET \(path) HTTP/1.1\r\nHost: nano\r\n\(fields)\r\n")
                    let lane = try socket.readAnswer(timeout: patience)
                    try socket.send("GET \(path) HTTP/1.1\r\nHost: nano\r\n\(fields)Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
                    pairs.append((lane, try socket.readAnswer(timeout: patience)))
                }
                return pairs
            }
            #expect(pairs.map(\.lane.status) == Array(repeating: 200, count: 16) + [404, 422] + Array(repeating: 404, count: 5) + [400])
            let paths = requests.map { "\($0.path) \($0.fields)" }
            for (path, pair) in zip(paths, pairs) {
                #expect(pair.lane.status == pair.full.status, "\(path)")
                #expect(pair.lane.text == pair.full.text, "\(path)")
                for name in ["Content-Type", "Content-Length"] {
                    #expect(pair.lane.header(name) == pair.full.header(name), "\(path) \(name)")
                }
                #expect(pair.lane.header("Date")?.hasSuffix(" GMT") == true, "\(path): \(pair.lane.head)")
                // The lane writes its answers' bytes itself: the same head, line for line, but the date.
                let undated = { (head: String) in head.split(separator: "\r\n").filter { !$0.hasPrefix("Date: ") } }
                #expect(undated(pair.lane.head) == undated(pair.full.head), "\(path): \(pair.lane.head) | \(pair.full.head)")
            }
            #expect(pairs[1].lane.text.contains(#""title":"doc a""#))
            #expect(pairs[5].lane.text.contains(#""title":"ghost a""#))
            #expect(pairs[6].lane.text == "object a")
            #expect(pairs[7].lane.body.count > 40_000 && pairs[7].lane.text.contains(big))
            #expect(pairs[8].lane.text.contains(#""title":"spaced""#))
            #expect(pairs[9].lane.text.hasPrefix(#"{"ok":true,"docs":[{"_id":"b""#), "\(pairs[9].lane.text)")
            #expect(pairs[11].lane.text.hasPrefix(#"{"ok":true,"doc":{"_id":"a""#), "\(pairs[11].lane.text)")
            #expect(pairs[12].lane.text == pairs[11].lane.text)
            #expect(pairs[14].lane.text.contains(#""title":"doc b""#))
            #expect(pairs[15].lane.text == pairs[1].lane.text)
        }
    }

    /// Pipelined requests are answered in order: a light read behind a request on its way
    /// through Hummingbird (a query) waits for that answer instead of overtaking it.
    @Test func pipelinedAnswersKeepTheRequestsOrder() async throws {
        try await Nano.with { nano async throws in
            try await Self.store(at: nano)
            let port = nano.port
            let query = #"{"selector":{"_id":"b"}}"#
            let answers = try await onOwnThread { () throws -> [HTTPAnswer] in
                let socket = try RawSocket(port: port)
                defer { socket.close() }
                try socket.send(
                    "GET /data/test/a HTTP/1.1\r\nHost: nano\r\n\r\n"
                        + "POST /data/test/_query HTTP/1.1\r\nHost: nano\r\nContent-Type: application/json\r\n"
                        + "Content-Length: \(query.utf8.count)\r\n\r\n\(query)"
                        + "GET /cache/test/a HTTP/1.1\r\nHost: nano\r\n\r\n"
                        + "GET / HTTP/1.1\r\nHost: nano\r\n\r\n"
                        + "GET /data/test/b HTTP/1.1\r\nHost: nano\r\nConnection: close\r\n\r\n")
                return HTTPAnswer.sequence(parsing: try socket.readUntilClosed(timeout: patience).bytes)
            }
            #expect(answers.map(\.status) == [200, 200, 200, 200, 200])
            guard answers.count == 5 else { return }
            #expect(answers[0].text.contains(#""title":"doc a""#))
            #expect(answers[1].text.hasPrefix(#"{"ok":true,"docs":[{"_id":"b""#), "\(answers[1].text)")
            #expect(answers[2].text.contains(#""title":"value a""#))
            #expect(answers[3].text.contains(#""name":"hyper""#))
            #expect(answers[4].text.contains(#""title":"doc b""#))
        }
    }

    /// More than a client that never reads can have sent before nano stops reading it: the
    /// kernel's buffers (nano's receiving one autotunes up to 32 MB here, the client's sending
    /// one 4 MB) and NIO's 64 KB of answers waiting. 4.6 MB were taken in practice; without
    /// backpressure nano read all 16 MB of a trial flood (620,000 requests, 265 MB of memory).
    static let floodLimit = 40 << 20

    /// A client that pipelines light reads and never reads the answers is no longer read once
    /// nano's answers wait to be written: its sending blocks, instead of nano reading on and
    /// keeping every answer in memory (the lane answers outside the async channel's
    /// backpressure). The flood is whole requests, so nano never has a reason to close. Against
    /// a child nano: the flood keeps an event loop busy, and this process's event loops serve
    /// every other test's server.
    @Test func aClientThatNeverReadsIsNoLongerRead() async throws {
        try await ChildNano.with(arguments: ["--quiet"]) { nano async throws in
            let port = nano.port
            let sent = try await onOwnThread { () throws -> Int in
                let socket = try RawSocket(port: port)
                defer { socket.close() }
                var small: Int32 = 4096
                setsockopt(socket.descriptor, SOL_SOCKET, SO_RCVBUF, &small, socklen_t(MemoryLayout<Int32>.size))
                var stall = timeval(tv_sec: 3, tv_usec: 0)
                setsockopt(socket.descriptor, SOL_SOCKET, SO_SNDTIMEO, &stall, socklen_t(MemoryLayout<timeval>.size))
                let chunk = Array(String(repeating: "GET / HTTP/1.1\r\nHost: a\r\n\r\n", count: 2048).utf8)
                var sent = 0
                while sent < Self.floodLimit {
                    let offset = sent % chunk.count
                    let count = chunk[offset...].withUnsafeBytes { Glibc.send(socket.descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                    if count > 0 {
                        sent += count
                    } else if errno == EAGAIN || errno == EWOULDBLOCK {
                        return sent  // stalled for 3 s: nano stopped reading
                    } else if errno != EINTR {
                        throw RawSocket.Failure(description: "send after \(sent) bytes: \(String(cString: strerror(errno)))")
                    }
                }
                return sent
            }
            #expect(sent < Self.floodLimit, "nano read \(sent) bytes of requests whose answers nobody read")
        }
    }

    /// A connection busy with light reads is not closed by the idle timeout, which
    /// `ConnectionGuard` keeps for both ways (Hummingbird never sees these requests).
    @Test func lightReadsKeepTheirConnectionActive() async throws {
        try await Nano.with(configure: { $0.limits.idleTimeout = .seconds(1) }) { nano async throws in
            try await Self.store(at: nano)
            let port = nano.port
            let statuses = try await onOwnThread { () throws -> [Int] in
                let socket = try RawSocket(port: port)
                defer { socket.close() }
                var statuses: [Int] = []
                let until = ContinuousClock.now + .seconds(3)
                while ContinuousClock.now < until {
                    try socket.send("GET /data/test/a HTTP/1.1\r\nHost: nano\r\n\r\n")
                    statuses.append(try socket.readAnswer(timeout: patience).status)
                    try await Task.sleep(for: .milliseconds(100))
                }
                return statuses
            }
            #expect(statuses.count >= 3 && statuses.allSatisfy { $0 == 200 }, "\(statuses)")
        }
    }
}
