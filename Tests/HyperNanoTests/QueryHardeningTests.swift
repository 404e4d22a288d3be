import Foundation
import GRDB
import HyperJSON
import HyperQuery
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Issue 10.1-10.4 over real HTTP: hostile regexes and selectors are refused with a 400 naming
/// the limit (never a 500, never a dead or stalled server), a query past its deadline is
/// stopped with a 503, and one whose client goes away is stopped too.
@Suite struct QueryHardeningTests {
    /// 20 documents of 50,000 characters: `(.*){1,1000}x` needs minutes to scan them.
    static func storeLongTexts(at base: String) async throws {
        let text = JSON.string(String(repeating: "a", count: 50_000))
        let docs = JSON.array((0..<20).map { ["_id": .string("long\($0)"), "t": text] })
        #expect(try await Nano.send("POST", base + "/data/test/_bulk", json: docs).status == 201)
    }

    static let slowQuery: JSON = ["selector": ["t": ["$regex": "(.*){1,1000}x"]]]

    @Test func hostileRegexesAreRefusedOrAnswered() async throws {
        try await Nano.with { nano async throws in
            _ = try await nano.post("/data/test/_bulk", [["_id": "a20", "t": .string(String(repeating: "a", count: 20))]])
            let refused: [(String, String)] = [
                (String(repeating: "[", count: 10_000) + "a" + String(repeating: "]", count: 10_000), "over the limit of 1000"),
                (String(repeating: "(?:", count: 100_000) + "a" + String(repeating: ")", count: 100_000), "over the limit of 1000"),
                (String(repeating: "(", count: 40) + "a" + String(repeating: ")", count: 40), "over the limit of 32"),
                ("(a{1000}){1000}", "instructions, over the limit of 10000"), ("a{5000}", "repetition count"),
                ("(a)\\1", "backreference"), ("a(?=b)", "lookahead"), ("(?<!a)b", "lookbehind"), ("(?>a)", "atomic group"),
                ("a++", "possessive"), ("(?R)", "recursion"),
            ]
            for (pattern, limit) in refused {
                try await nano.post("/data/test/_query", ["selector": ["t": ["$regex": .string(pattern)]]]).expectRefusal(naming: limit)
            }
            for pattern in ["(a+)+$", "(a|a)*$", "(.*){1,1000}$", "^(a|aa)+$"] {
                let reply = try await nano.post("/data/test/_query", ["selector": ["t": ["$regex": .string(pattern)]]])
                #expect(reply.json["docs"]?.arrayValue?.count == 1, "\(pattern): \(reply.text.prefix(200))")
            }
            #expect(try await nano.post("/data/test/_query", ["selector": ["t": ["$regex": "("]]]).status == 422)
            #expect(try await nano.get("/").status == 200)
        }
    }

    @Test func hostileSelectorsAreRefusedWith400() async throws {
        try await Nano.with { nano async throws in
            var notChain: JSON = ["$gt": 1]
            var elemChain: JSON = ["$gt": 1]
            for _ in 0..<50 {
                notChain = ["$not": notChain]
                elemChain = ["$elemMatch": elemChain]
            }
            let fiveThousand = JSON.array((0..<5_000).map { ["n": JSON($0)] })
            let refused: [(JSON, String)] = [
                (["selector": ["$or": fiveThousand]], "over the limit of 1000"),
                (["selector": ["$and": fiveThousand]], "over the limit of 1000"),
                (["selector": ["n": ["$all": .array((0..<5_000).map { JSON($0) })]]], "over the limit of 1000"),
                (["selector": ["n": ["$in": .array((0..<15_000).map { JSON($0) })]]], "over the limit of 14000"),
                (["selector": ["n": notChain]], "over the limit of 16"),
                (["selector": ["n": elemChain]], "over the limit of 16"),
                (["selector": [:], "sort": .array((0..<10_000).map { .string("f\($0)") })], "over the limit of 32"),
                (["selector": [:], "fields": .array((0..<100_000).map { .string("f\($0)") })], "over the limit of 1000"),
                (["selector": .object([Array(repeating: "0", count: 40).joined(separator: "."): 1])], "over the limit of 32"),
            ]
            for (body, limit) in refused {
                try await nano.post("/data/test/_query", body).expectRefusal(naming: limit)
            }
            // Twenty array-index segments translate in linear size and answer at once.
            let path = Array(repeating: "0", count: 20).joined(separator: ".")
            let reply = try await nano.post("/data/test/_query", ["selector": .object([path: 1])])
            #expect(reply.status == 200)
            #expect(try await nano.get("/").status == 200)
        }
    }

    @Test func aQueryPastItsDeadlineIsStoppedWith503() async throws {
        try await Nano.with(configure: { $0.limits.queryTimeout = .milliseconds(500) }) { nano async throws in
            try await Self.storeLongTexts(at: nano.base)
            let reply = try await nano.post("/data/test/_query", Self.slowQuery)
            #expect(reply.status == 503)
            #expect(reply.json["msg"] == "query ran past its 0.5 s deadline and was stopped; narrow it, add an index, or raise nano's --query-timeout")
            #expect(reply.header("Connection") == nil)  // the connection stays open (see below)
            #expect(try await nano.get("/").status == 200)
            // A quick query on the same data still answers.
            #expect(try await nano.post("/data/test/_query", ["selector": ["_id": "long3"], "fields": ["_id"]]).json["docs"] == [["_id": "long3"]])
        }
    }

    /// `hyper-vision nano --query-timeout` sets the deadline, and refuses what is no duration.
    @Test func theBinaryTakesItsDeadlineFromTheCommandLine() async throws {
        try await ChildNano.with(arguments: ["--query-timeout", "0.5"]) { nano in
            try await Self.storeLongTexts(at: nano.base)
            let reply = try await nano.post("/data/test/_query", Self.slowQuery)
            #expect(reply.status == 503)
            #expect(reply.json["msg"]?.stringValue?.hasPrefix("query ran past its 0.5 s deadline") == true, "\(reply.text)")
            await nano.stop()

            try await nano.expectRefused("--query-timeout", ["0", "-1", "soon", "100000"])
        }
    }

    @Test func aSearchPastItsDeadlineIsStoppedWith503() async throws {
        try await Nano.with(configure: { $0.limits.queryTimeout = .zero }) { nano async throws in
            #expect(try await nano.post("/search/test", ["key": "m1", "doc": ["title": "ghost", "type": "movie"]]).status == 201)
            let reply = try await nano.post("/search/test/_query", ["query": "ghost"])
            #expect(reply.status == 503)
            #expect(reply.json["msg"]?.stringValue?.hasPrefix("query ran past its 0 s deadline") == true, "\(reply.text)")
        }
    }

    /// Query answers keep their connection open for the client's next request (watching for the
    /// client's departure no longer consumes the connection), a stopped query's 503 too.
    @Test func queriesKeepTheirConnectionAlive() async throws {
        try await Nano.with(configure: { $0.limits.queryTimeout = .milliseconds(500) }) { nano async throws in
            try await Self.storeLongTexts(at: nano.base)
            _ = try await nano.post("/search/test", ["key": "m1", "doc": ["title": "ghost", "type": "movie"]])
            let port = try #require(URL(string: nano.base)?.port)
            let answers = try await onOwnThread { () throws -> [HTTPAnswer] in
                let socket = try RawSocket(port: port)
                defer { socket.close() }
                var answers: [HTTPAnswer] = []
                for (path, body) in [("/data/test/_query", #"{"selector":{"_id":"long3"},"fields":["_id"]}"#),
                                     ("/search/test/_query", #"{"query":"ghost"}"#),
                                     ("/data/test/_query", Self.slowQuery.compact), ("/search/test/_query", #"{"query":"ghost"}"#)] {
                    try socket.send("POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                    + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)")
                    answers.append(try socket.readAnswer(timeout: .seconds(60)))
                }
                return answers
            }
            #expect(answers.map(\.status) == [200, 200, 503, 200])
            #expect(answers.allSatisfy { $0.header("Connection") == nil }, "\(answers.map(\.head))")
            #expect(answers[1].text.contains("\"id\":\"m1\""))
        }
    }

    /// The client sends its query and closes its sending side: nano notices the end of its
    /// inbound stream, stops the query (it would run for minutes, its deadline is 10 minutes)
    /// and answers on the half that is still open.
    @Test func aQueryWhoseClientLeavesIsStopped() async throws {
        try await Nano.with(configure: { $0.limits.queryTimeout = .seconds(600) }) { nano async throws in
            try await Self.storeLongTexts(at: nano.base)
            let port = try #require(URL(string: nano.base)?.port)
            let answer = try await HalfClosingClient.post(port: port, path: "/data/test/_query", body: Self.slowQuery.compactBytes)
            #expect(answer.hasPrefix("HTTP/1.1 503"), "\(answer.prefix(200))")
            #expect(answer.contains("query cancelled: the client closed the connection"))
            #expect(try await nano.get("/").status == 200)
        }
    }

    /// A document nested deeper than nano reads, stored before nano refused such documents
    /// (written here straight into the file): a query that reads it answers what is wrong and
    /// what to do instead of "internal error", whether SQLite cannot read it (2,000 levels, past
    /// its 1,000) or nano cannot (600, past its 512); the document is still there by id. So does
    /// creating an index, which makes SQLite read every document.
    @Test func aQueryOverADocumentTooDeepToReadSaysSo() async throws {
        try await Nano.with { nano async throws in
            #expect(try await nano.post("/data/test", ["_id": "deep", "v": 1]).status == 201)
            for depth in [2000, 600] {
                let queue = try DatabaseQueue(path: nano.directory + "/nano.sqlite")
                let table = try #require(try await queue.read { db in
                    try String.fetchOne(db, sql: "SELECT name FROM sqlite_master WHERE name LIKE 'docs_%' AND type = 'table'")
                })
                let text = #"{"_id":"deep","v":"# + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "}"
                try await queue.write { db in try db.execute(sql: "UPDATE \(table) SET doc = ? WHERE id = 'deep'", arguments: [text]) }
                try queue.close()
                let reply = try await nano.post("/data/test/_query", ["selector": ["_id": "deep"], "fields": ["_id"]])
                #expect(reply.status == 500, "\(depth): \(reply.text)")
                #expect(reply.json["msg"]?.stringValue?.hasPrefix("database 'test' holds a document nested too deeply") == true,
                        "\(depth): \(reply.text)")
                #expect(try await nano.get("/data/test/deep").status == 200)
                // creating an index makes SQLite read every document
                let index = try await nano.post("/data/test/_index", ["name": .string("by-v-\(depth)"), "fields": ["v"]])
                if depth > 1000 {
                    #expect(index.status == 500, "\(index.text)")
                    #expect(index.json["msg"]?.stringValue?.hasPrefix("database 'test' holds a document nested too deeply") == true,
                            "\(index.text)")
                } else {
                    #expect(index.status / 100 == 2, "SQLite reads 600 levels: \(index.text)")
                }
            }
        }
    }
}

/// A blocking HTTP/1.1 client on a POSIX socket that shuts its sending side down right after
/// the request (what a client that gives up does, minus the half still reading), run off the
/// cooperative pool.
enum HalfClosingClient {
    static func post(port: Int, path: String, body: [UInt8]) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try exchange(port: port, path: path, body: body) })
            }
        }
    }

    private static func exchange(port: Int, path: String, body: [UInt8]) throws -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EBADF) }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        // A bound for the test, not a claim: without cancellation the answer takes minutes.
        var timeout = timeval(tv_sec: 120, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let head = "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\n\r\n"
        let request = Array(head.utf8) + body
        var sent = 0
        while sent < request.count {
            let n = request[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { throw POSIXError(.EPIPE) }
            sent += n
        }
        shutdown(fd, Int32(SHUT_WR))
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            answer += buffer[..<n]
        }
        return String(decoding: answer, as: UTF8.self)
    }
}
