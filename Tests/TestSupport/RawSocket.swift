import Foundation
import Glibc

/// A TCP connection to a local server over a plain blocking socket: for the attacks that no
/// HTTP client library makes (idle sockets, half request lines, stalled bodies), and for the
/// liveness probe, which must not depend on the cooperative pool an attack may be starving.
/// Every call blocks its thread until done or until its deadline.
public final class RawSocket {
    public let descriptor: Int32

    public struct Failure: Error, CustomStringConvertible {
        public let description: String

        public init(description: String) { self.description = description }
    }

    /// Connects to `127.0.0.1:port` within `timeout`.
    public init(port: Int, timeout: Duration = .seconds(5)) throws {
        let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard socketDescriptor >= 0 else { throw Failure(description: "socket(): \(String(cString: strerror(errno)))") }
        descriptor = socketDescriptor
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let flags = fcntl(descriptor, F_GETFL)
        _ = fcntl(descriptor, F_SETFL, flags | O_NONBLOCK)
        let started = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if started != 0 {
            guard errno == EINPROGRESS, try wait(for: Int16(POLLOUT), timeout: timeout) else {
                close()
                throw Failure(description: "connect to port \(port) did not complete within \(timeout)")
            }
            var error: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &error, &length)
            guard error == 0 else {
                close()
                throw Failure(description: "connect to port \(port): \(String(cString: strerror(error)))")
            }
        }
        _ = fcntl(descriptor, F_SETFL, flags)
        // A server that stops reading a body must not block a send forever.
        var sendTimeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &sendTimeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close() }

    private var closed = false

    public func close() {
        guard !closed else { return }
        closed = true
        Glibc.close(descriptor)
    }

    public func send(_ text: String) throws { try send(Array(text.utf8)) }

    public func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent < 0 {
                if errno == EINTR { continue }
                throw Failure(description: "send: \(String(cString: strerror(errno)))")
            }
            offset += sent
        }
    }

    /// Reads until the peer closes the connection or `timeout` passes; `closed` tells which.
    public func readUntilClosed(timeout: Duration) throws -> (bytes: [UInt8], closed: Bool) {
        let deadline = ContinuousClock.now + timeout
        var bytes: [UInt8] = []
        while true {
            let left = Swift.max(.zero, deadline - ContinuousClock.now)
            guard try wait(for: Int16(POLLIN), timeout: left) else { return (bytes, false) }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count == 0 { return (bytes, true) }
            if count < 0 {
                if errno == EINTR { continue }
                if errno == ECONNRESET { return (bytes, true) }
                throw Failure(description: "recv: \(String(cString: strerror(errno)))")
            }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }

    /// Whether the peer has closed (or reset) the connection, waiting at most `timeout`.
    /// Data the peer sent before closing is skipped.
    public func isClosedByPeer(within timeout: Duration) throws -> Bool {
        try readUntilClosed(timeout: timeout).closed
    }

    /// Reads until an answer's head has arrived (and whatever of its body came with it).
    public func readHead(timeout: Duration) throws -> [UInt8] {
        let separator = Array("\r\n\r\n".utf8)
        return try read(timeout: timeout, what: "answer head", chunkSize: 4096) { bytes in
            bytes.indices.dropLast(3).contains { bytes[$0..<($0 + 4)].elementsEqual(separator) } ? bytes : nil
        }
    }

    /// Reads one HTTP/1.1 answer whose body has a Content-Length (nano's always do).
    public func readAnswer(timeout: Duration) throws -> HTTPAnswer {
        try read(timeout: timeout, what: "complete answer", chunkSize: 65536) { HTTPAnswer(parsing: $0) }
    }

    /// Reads chunks of up to `chunkSize` bytes until `complete` makes something of all read.
    private func read<Result>(timeout: Duration, what: String, chunkSize: Int, _ complete: ([UInt8]) -> Result?) throws -> Result {
        let deadline = ContinuousClock.now + timeout
        var bytes: [UInt8] = []
        while true {
            if let result = complete(bytes) { return result }
            let left = deadline - ContinuousClock.now
            guard left > .zero, try wait(for: Int16(POLLIN), timeout: left) else {
                throw Failure(description: "no \(what) within \(timeout) (\(bytes.count) bytes read)")
            }
            var chunk = [UInt8](repeating: 0, count: chunkSize)
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count == 0 { throw Failure(description: "connection closed after \(bytes.count) bytes, before a \(what)") }
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure(description: "recv: \(String(cString: strerror(errno)))")
            }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }

    private func wait(for events: Int16, timeout: Duration) throws -> Bool {
        var entry = pollfd(fd: descriptor, events: events, revents: 0)
        let millis = Int32(clamping: timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        while true {
            let ready = poll(&entry, 1, max(0, millis))
            if ready < 0, errno == EINTR { continue }
            if ready < 0 { throw Failure(description: "poll: \(String(cString: strerror(errno)))") }
            return ready > 0
        }
    }
}

/// One HTTP/1.1 answer read off a raw socket.
public struct HTTPAnswer: Sendable {
    public let status: Int
    public let head: String
    public let body: [UInt8]

    public var text: String { String(decoding: body, as: UTF8.self) }

    /// nil until `bytes` hold the whole head and `Content-Length` bytes of body.
    init?(parsing bytes: [UInt8]) {
        let separator = Array("\r\n\r\n".utf8)
        guard let end = bytes.indices.dropLast(3).first(where: { bytes[$0..<($0 + 4)].elementsEqual(separator) }) else { return nil }
        let head = String(decoding: bytes[..<end], as: UTF8.self)
        let lines = head.split(separator: "\r\n")
        guard let statusLine = lines.first, let status = statusLine.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else {
            return nil
        }
        let length = lines.dropFirst().compactMap { line -> Int? in
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "content-length" else { return nil }
            return Int(parts[1].trimmingCharacters(in: .whitespaces))
        }.first ?? 0
        guard bytes.count >= end + 4 + length else { return nil }
        self.status = status
        self.head = head
        self.body = Array(bytes[(end + 4)..<(end + 4 + length)])
    }

    /// The answers `bytes` hold one after the other (pipelined), as far as they are complete.
    public static func sequence(parsing bytes: [UInt8]) -> [HTTPAnswer] {
        var answers: [HTTPAnswer] = []
        var rest = bytes[...]
        while let answer = HTTPAnswer(parsing: Array(rest)) {
            answers.append(answer)
            rest = rest.dropFirst(answer.head.utf8.count + 4 + answer.body.count)
        }
        return answers
    }

    public func header(_ name: String) -> String? {
        for line in head.split(separator: "\r\n").dropFirst() {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == name.lowercased() { return parts[1].trimmingCharacters(in: .whitespaces) }
        }
        return nil
    }
}

extension RawSocket {
    /// One request on a fresh connection, answer read within `timeout`: blocks the calling thread.
    public static func exchange(port: Int, _ request: String, timeout: Duration) throws -> HTTPAnswer {
        let socket = try RawSocket(port: port, timeout: timeout)
        defer { socket.close() }
        try socket.send(request)
        return try socket.readAnswer(timeout: timeout)
    }

    /// `GET path` with `Connection: close`.
    public static func get(port: Int, _ path: String, headers: [String: String] = [:], timeout: Duration) throws -> HTTPAnswer {
        let extra = headers.map { "\($0.key): \($0.value)\r\n" }.joined()
        return try exchange(port: port, "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\(extra)Connection: close\r\n\r\n", timeout: timeout)
    }
}

extension Array where Element == RawSocket {
    /// How many of these connections the peer closed, polling until at least `count` are closed
    /// or `timeout` passes.
    public func closedByPeer(atLeast count: Int, within timeout: Duration) throws -> Int {
        let deadline = ContinuousClock.now + timeout
        var closed = Set<Int32>()
        while true {
            for socket in self where !closed.contains(socket.descriptor) {
                if try socket.isClosedByPeer(within: .zero) { closed.insert(socket.descriptor) }
            }
            if closed.count >= count || ContinuousClock.now >= deadline { return closed.count }
            Thread.sleep(forTimeInterval: 0.02)
        }
    }
}
