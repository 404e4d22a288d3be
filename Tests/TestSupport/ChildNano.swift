import Foundation

/// The built `hyper-vision` binary: it sits beside the test bundle in the build folder (the
/// bundle may sit a folder deeper, inside `<name>.xctest`).
public let hyperVisionBinary: String = {
    var folder = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    while !FileManager.default.isExecutableFile(atPath: folder.appendingPathComponent("hyper-vision").path), folder.path != "/" {
        folder = folder.deletingLastPathComponent()
    }
    return folder.appendingPathComponent("hyper-vision").path
}()

/// The built `hyper-vision-nano`, beside `hyper-vision` (which runs it for `nano` and `demo`).
public let hyperVisionNanoBinary: String = hyperVisionBinary + "-nano"

/// `hyper-vision nano --port 0` in a child process, for what an in-process server cannot show:
/// its memory and file descriptors as /proc sees them, how fast it answers while attacked,
/// how it dies. An in-process server shares this test process's two-thread cooperative pool
/// with hundreds of tests, some of them CPU-heavy, so its answer times say more about them
/// than about nano.
public final class ChildNano: Sendable {
    public let port: Int
    /// Its `--dir`.
    public let directory: String
    /// Where its standard error goes.
    public let logPath: String
    private let process: Process
    private let exit: ProcessExit

    public var pid: Int32 { process.processIdentifier }
    public var base: String { "http://127.0.0.1:\(port)" }
    public var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    private init(port: Int, directory: String, logPath: String, process: Process, exit: ProcessExit) {
        self.port = port
        self.directory = directory
        self.logPath = logPath
        self.process = process
        self.exit = exit
    }

    /// Starts nano on its files in `directory` with `arguments`, under an open-file limit
    /// (`ulimit -n`) when `fileLimit` is given, and returns once it listens.
    public static func start(
        directory: String, arguments: [String] = [], fileLimit: Int? = nil, environment: [String: String]? = nil
    ) async throws -> ChildNano {
        let logPath = directory + ".log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let process = Process()
        // It stops when this process is gone, a crashed test process included.
        let command = [hyperVisionBinary, "nano", "--port", "0", "--dir", directory, "--stop-with-parent", "\(getpid())"] + arguments
        if let fileLimit {
            // the shell sets the limit, then becomes nano (same process id)
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "ulimit -n \(fileLimit) && exec \"$@\"", "sh"] + command
        } else {
            process.executableURL = URL(fileURLWithPath: command[0])
            process.arguments = Array(command.dropFirst())
        }
        if let environment { process.environment = environment }
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.standardOutput = FileHandle.nullDevice
        let exit = ProcessExit(watching: process)
        try process.run()
        // A seed, or a starved machine, can take minutes.
        let deadline = ContinuousClock.now + patience
        while ContinuousClock.now < deadline, process.isRunning {
            let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            if let range = text.range(of: #"at http://127\.0\.0\.1:\d+"#, options: .regularExpression),
               let port = Int(text[range].split(separator: ":").last ?? "") {
                return ChildNano(port: port, directory: directory, logPath: logPath, process: process, exit: exit)
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        process.terminate()
        await exit.wait()
        throw Failure(description: "nano did not start: \((try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "")")
    }

    /// Runs `body` against a child nano started with `arguments` in a fresh folder, then
    /// stops it and removes its folder and log.
    public static func with<T>(arguments: [String] = [], fileLimit: Int? = nil, _ body: (ChildNano) async throws -> T) async throws -> T {
        let directory = TestNano.temporaryDirectory()
        let nano: ChildNano
        do {
            nano = try await start(directory: directory, arguments: arguments, fileLimit: fileLimit)
        } catch {
            removeFiles(of: directory)
            throw error
        }
        return try await withCleanup { try await body(nano) } cleanup: {
            await nano.stop()
            removeFiles(of: directory)
        }
    }

    private static func removeFiles(of directory: String) {
        try? FileManager.default.removeItem(atPath: directory)
        try? FileManager.default.removeItem(atPath: directory + ".log")
    }

    /// Sends `signal` and waits for the process to end; how it ended.
    @discardableResult
    public func end(with signal: Int32 = SIGTERM) async -> (reason: Process.TerminationReason, status: Int32) {
        if process.isRunning { kill(pid, signal) }
        return await exit.wait()
    }

    /// SIGTERM, and waits for it to end.
    public func stop() async { await end() }

    /// Kilobyte fields of its /proc/<pid>/status (VmRSS, VmHWM, RssAnon, ...).
    public var memory: [String: Int] {
        let text = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        var fields: [String: Int] = [:]
        for line in text.split(separator: "\n") where line.hasSuffix(" kB") {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2, let kilobytes = Int(parts[1].dropLast(3).trimmingCharacters(in: .whitespaces)) {
                fields[String(parts[0])] = kilobytes
            }
        }
        return fields
    }

    /// Starts its peak (VmHWM) afresh at its current resident size.
    public func resetPeakMemory() throws {
        try "5".write(toFile: "/proc/\(pid)/clear_refs", atomically: false, encoding: .utf8)
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }
}
