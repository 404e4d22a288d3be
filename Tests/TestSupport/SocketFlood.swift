import Foundation

/// Thousands of idle connections held by a child process (python3), not by the test process:
/// Foundation's `Process.run` on Linux crashed (memcpy, bad pointer) when another test spawned a
/// process while this one held 2,000 sockets, so the test process keeps its descriptors few.
public final class SocketFlood: Sendable {
    private let process: Process
    private let exit: ProcessExit
    private let input: FileHandle
    private let output: FileHandle
    private let log: String

    /// The attacker: opens `count` connections, says `open N`, then on each line it reads
    /// reports `closed K` (connections the server has closed, waiting up to the number of
    /// seconds on that line for at least the count after it), and exits when its input closes.
    private static let script = #"""
        import selectors, socket, sys, time
        port, count = int(sys.argv[1]), int(sys.argv[2])
        sockets = []
        for _ in range(count):
            s = socket.create_connection(("127.0.0.1", port), timeout=10)
            s.setblocking(False)
            sockets.append(s)
        print("open", len(sockets), flush=True)
        selector = selectors.DefaultSelector()
        for s in sockets:
            selector.register(s, selectors.EVENT_READ)
        closed = set()
        for line in sys.stdin:
            seconds, wanted = line.split()
            deadline = time.time() + float(seconds)
            while len(closed) < int(wanted) and time.time() < deadline:
                for key, _ in selector.select(timeout=0.05):
                    try:
                        if key.fileobj.recv(65536) == b"":
                            closed.add(key.fileobj)
                    except OSError:
                        closed.add(key.fileobj)
                    if key.fileobj in closed:
                        selector.unregister(key.fileobj)
            print("closed", len(closed), flush=True)
        """#

    /// Opens `count` connections to `127.0.0.1:port` and returns once all are open.
    public init(port: Int, count: Int) async throws {
        log = FileManager.default.temporaryDirectory.path + "/socket-flood-\(UUID().uuidString).log"
        let stdin = Pipe()
        let stdout = Pipe()
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", Self.script, String(port), String(count)]
        process.standardInput = stdin
        process.standardOutput = stdout
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        exit = ProcessExit(watching: process)
        try process.run()
        input = stdin.fileHandleForWriting
        output = stdout.fileHandleForReading
        let line = try await nextLine()
        guard line == "open \(count)" else { throw Failure(description: "the flood did not open \(count) connections: \(line)") }
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// How many connections the server has closed, waiting up to `timeout` for `atLeast`.
    public func closedByServer(atLeast: Int, within timeout: Duration) async throws -> Int {
        try input.write(contentsOf: Data("\(timeout.inSeconds) \(atLeast)\n".utf8))
        let line = try await nextLine()
        guard line.hasPrefix("closed "), let closed = Int(line.dropFirst("closed ".count)) else {
            throw Failure(description: "unexpected answer from the flood: \(line)")
        }
        return closed
    }

    /// Closes every connection and waits for the child to exit.
    public func release() async {
        try? input.close()
        await exit.wait()
        try? FileManager.default.removeItem(atPath: log)
    }

    /// The next line the child prints, read on a thread of its own (a blocking read).
    private func nextLine() async throws -> String {
        let output = output
        let log = log
        return try await onOwnThread {
            var bytes: [UInt8] = []
            while true {
                let chunk = output.readData(ofLength: 1)
                guard let byte = chunk.first else {
                    let errors = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
                    throw Failure(description: "the flood ended early: \(errors.suffix(2000))")
                }
                if byte == UInt8(ascii: "\n") { return String(decoding: bytes, as: UTF8.self) }
                bytes.append(byte)
            }
        }
    }
}
