import Foundation
import HyperJSON
import TestSupport
import Testing

/// The `hyper-vision nano` binary: durability across kill -9, graceful SIGTERM.
@Suite(.serialized) struct CommandTests {
    /// The built executable (`swift build --build-tests` builds it with the tests).
    static func binary() throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let path = root.appendingPathComponent(".build/debug/hyper-vision").path
        try #require(FileManager.default.isExecutableFile(atPath: path), "build the hyper-vision binary first")
        return path
    }

    /// Starts `hyper-vision nano --port 0` with `arguments` and returns it with its base URL,
    /// read from its log; with `fileLimit`, under that open-file limit (`ulimit -n`).
    static func launch(
        directory: String, arguments: [String] = [], fileLimit: Int? = nil
    ) async throws -> (Process, ProcessExit, String) {
        let log = directory + ".log"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let process = Process()
        let command = [try binary(), "nano", "--port", "0", "--dir", directory] + arguments
        if let fileLimit {
            // the shell sets the limit, then becomes nano (same process id)
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "ulimit -n \(fileLimit) && exec \"$@\"", "sh"] + command
        } else {
            process.executableURL = URL(fileURLWithPath: command[0])
            process.arguments = Array(command.dropFirst())
        }
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardOutput = FileHandle.nullDevice
        let exit = ProcessExit(watching: process)
        try process.run()
        for _ in 0..<2400 {  // up to 2 min: a seed, or the whole test process stalling on a loaded machine
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            if let range = text.range(of: #"at http://127\.0\.0\.1:\d+"#, options: .regularExpression) {
                return (process, exit, String(text[range].dropFirst(3)))
            }
            if !process.isRunning { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        process.terminate()
        Issue.record("nano did not start: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
        throw CancellationError()
    }

    @Test func answeredWritesSurviveKill9() async throws {
        let directory = Nano.temporaryDirectory()
        defer {
            try? FileManager.default.removeItem(atPath: directory)
            try? FileManager.default.removeItem(atPath: directory + ".log")
        }
        let (process, exit, base) = try await Self.launch(directory: directory)
        for n in 0..<100 {
            let reply = try await Nano.send("POST", base + "/data/test", json: ["_id": .string(String(format: "k%03d", n)), "n": JSON(n)])
            #expect(reply.status == 201)
        }
        #expect(try await Nano.send("PUT", base + "/cache/test/last", json: ["n": 99]).status == 200)
        kill(process.processIdentifier, SIGKILL)
        await exit.wait()
        #expect(process.terminationReason == .uncaughtSignal)

        let reopened = try await Nano.start(directory: directory)
        let docs = try await reopened.get("/data/test?startkey=k&endkey=k~").json["docs"]?.arrayValue ?? []
        #expect(docs.count == 100)
        #expect(try await reopened.get("/cache/test/last").json == ["n": 99])
        await reopened.stop()
    }

    @Test func corsAndLimitFlagsAreValidated() async throws {
        let cases: [([String], String)] = [
            (["--cors", "evil.example"], "--cors"), (["--cors", "http://ui.example/app"], "--cors"),
            (["--idle-timeout", "0"], "--idle-timeout"), (["--header-timeout=-1"], "--header-timeout"),
            (["--max-connections", "0"], "--max-connections"), (["--heavy-limit", "0"], "--heavy-limit"),
        ]
        let directory = Nano.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for (arguments, flag) in cases {
            let log = directory + "/nano.log"
            _ = FileManager.default.createFile(atPath: log, contents: nil)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: try Self.binary())
            process.arguments = ["nano", "--port", "0", "--dir", directory] + arguments
            process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
            process.standardOutput = FileHandle.nullDevice
            let status = try await process.runToExit()
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            #expect(status == 2, "\(arguments): \(text)")
            #expect(text.contains("Error: " + flag), "\(arguments): \(text)")
        }
    }

    @Test func sigtermStopsGracefully() async throws {
        let directory = Nano.temporaryDirectory()
        defer {
            try? FileManager.default.removeItem(atPath: directory)
            try? FileManager.default.removeItem(atPath: directory + ".log")
        }
        let (process, exit, base) = try await Self.launch(directory: directory)
        #expect(try await Nano.send("GET", base + "/").status == 200)
        process.terminate()  // SIGTERM
        await exit.wait()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
    }
}
