import Foundation
import Glibc

/// The demo's server: `hyper-vision-nano` as a child process on the demo's folder, with fresh
/// sample data, its log in `<folder>/nano.log`. It stops with the demo, and by itself once the
/// demo is gone however the demo ended (`--stop-with-parent`).
struct DemoServer {
    let url: String
    let port: Int
    /// The nano instance of the folder (`<folder>/instance`, which nano writes on start).
    let instance: String
    private let process: Process
    private let exited: DispatchSemaphore

    /// Starts the server and returns once it serves (seeding a large sample takes a while).
    static func start(folder: String, port: Int, size: Int, domain: String) async throws(CLIFailure) -> DemoServer {
        let logPath = folder + "/nano.log"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try NanoProgram.path())
        process.arguments = ["--port", "\(port)", "--dir", folder, "--domain", domain, "--purge", "--seed", "demo",
                             "--size", "\(size)", "--quiet", "--stop-with-parent", "\(getpid())"]
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        do {
            _ = FileManager.default.createFile(atPath: logPath, contents: nil, attributes: [.posixPermissions: 0o600])
            process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
            process.standardOutput = FileHandle.nullDevice
            process.standardInput = FileHandle.nullDevice
            try process.run()
        } catch {
            throw CLIFailure(message: "cannot start the demo server (\(NanoProgram.name)): \(error.localizedDescription)", exitCode: 1)
        }
        // nano says where it serves once seeded and listening (with --port 0, the only way to know)
        while process.isRunning {
            if let port = servingPort(inLog: logPath) {
                let instance = (try? String(contentsOfFile: folder + "/instance", encoding: .utf8)) ?? ""
                return DemoServer(url: "http://127.0.0.1:\(port)/\(domain)", port: port,
                                  instance: instance.trimmingCharacters(in: .whitespacesAndNewlines),
                                  process: process, exited: exited)
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
        let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        throw CLIFailure(message: "the demo server did not start: \(log.trimmingCharacters(in: .whitespacesAndNewlines))", exitCode: 1)
    }

    /// The port of nano's `serving domain 'D' at http://127.0.0.1:PORT` line, once written.
    private static func servingPort(inLog path: String) -> Int? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
              let range = text.range(of: #"serving domain '[^']*' at http://127\.0\.0\.1:\d+"#, options: .regularExpression)
        else { return nil }
        return text[range].split(separator: ":").last.flatMap { Int($0) }
    }

    /// SIGTERM, and waits for the server to end (it finishes what it answers first).
    func stop() {
        if process.isRunning { process.terminate() }
        exited.wait()
    }
}
