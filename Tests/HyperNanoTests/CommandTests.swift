import Foundation
import HyperJSON
import TestSupport
import Testing

/// The `hyper-vision nano` binary: durability across kill -9, graceful SIGTERM.
@Suite(.serialized) struct CommandTests {
    @Test func answeredWritesSurviveKill9() async throws {
        try await ChildNano.with { nano in
            for n in 0..<100 {
                let reply = try await nano.post("/data/test", ["_id": .string(String(format: "k%03d", n)), "n": JSON(n)])
                #expect(reply.status == 201)
            }
            #expect(try await nano.request("PUT", "/cache/test/last", json: ["n": 99]).status == 200)
            #expect(await nano.end(with: SIGKILL).reason == .uncaughtSignal)

            let reopened = try await Nano.start(directory: nano.directory)
            let docs = try await reopened.get("/data/test?startkey=k&endkey=k~").json["docs"]?.arrayValue ?? []
            #expect(docs.count == 100)
            #expect(try await reopened.get("/cache/test/last").json == ["n": 99])
            await reopened.stop()
        }
    }

    @Test func corsAndLimitFlagsAreValidated() async throws {
        let cases: [([String], String)] = [
            (["--cors", "evil.example"], "--cors"), (["--cors", "http://ui.example/app"], "--cors"),
            (["--idle-timeout", "0"], "--idle-timeout"), (["--header-timeout=-1"], "--header-timeout"),
            (["--drain-timeout=-1"], "--drain-timeout"),
            (["--max-connections", "0"], "--max-connections"), (["--heavy-limit", "0"], "--heavy-limit"),
        ]
        let directory = TestNano.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for (arguments, flag) in cases {
            let log = directory + "/nano.log"
            _ = FileManager.default.createFile(atPath: log, contents: nil)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: hyperVisionBinary)
            process.arguments = ["nano", "--port", "0", "--dir", directory] + arguments
            process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
            process.standardOutput = FileHandle.nullDevice
            let status = try await process.runToExit()
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            #expect(status == 2, "\(arguments): \(text)")
            #expect(text.contains("Error: " + flag), "\(arguments): \(text)")
        }
    }

    /// Connections keep arriving while nano stops: each one accepted during the stop is closed
    /// before it is active, as NIO requires (holding that close until its writes had left, as a
    /// connection with an answer under way is held, made NIO stop the process with a fatal error).
    @Test func aStopUnderAStreamOfNewConnectionsEndsCleanly() async throws {
        try await ChildNano.with { nano in
            let port = nano.port
            let streaming = Task.detached {
                var opened: [RawSocket] = []
                while !Task.isCancelled, opened.count < 5_000 {
                    guard let socket = try? RawSocket(port: port, timeout: .seconds(1)) else { continue }
                    try? socket.send("GET / HTTP/1.1\r\nHost: nano\r\n\r\n")
                    opened.append(socket)
                }
                return opened.count
            }
            try await Task.sleep(for: .milliseconds(300))
            let (reason, status) = await nano.end(with: SIGTERM)
            streaming.cancel()
            #expect(await streaming.value > 0)
            #expect(reason == .exit)
            #expect(status == 0)
        }
    }

    @Test func sigtermStopsGracefully() async throws {
        try await ChildNano.with { nano in
            let answer = try await nano.get("/")
            #expect(answer.status == 200)
            let (reason, status) = await nano.end(with: SIGTERM)
            #expect(reason == .exit)
            #expect(status == 0)
        }
    }
}
