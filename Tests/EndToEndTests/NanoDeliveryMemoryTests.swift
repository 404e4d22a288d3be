import Foundation
import HyperJSON
import TestSupport
import Testing

/// `hyper-vision nano` as a child process delivering jobs to targets that answer 512 MB, or a
/// gzip bomb of 256 MB: its peak resident memory stays where it was (FoundationNetworking's
/// URLSession buffered the whole answer, and grew nano by gigabytes).
@Suite("nano deliveries from the binary")
struct NanoDeliveryMemoryTests {
    @Test func hostileAnswersDoNotGrowNano() async throws {
        let server = try CLIHostileServerTests.server.get()
        let sandbox = try CLISandbox()
        defer { sandbox.remove() }
        let nano = try ChildNano(sandbox: sandbox)
        defer { nano.stop() }
        let base = try await nano.url()
        let before = try #require(nano.peakResidentBytes())
        let targets = ["big": server.base + "/big?mb=512", "bomb": server.base + "/bomb?mb=256"]
        for (domain, target) in targets {
            for arguments in [["queue", "create", "--target", target], ["queue", "enqueue", "type=x"]] {
                let result = try await sandbox.run(arguments + ["-c", "\(base)/\(domain)"])
                #expect(result.status == 0, "\(arguments): \(result)")
            }
        }
        for domain in targets.keys {
            #expect(try await CLIStorageQueueTests.waitUntil {
                let queued = try await sandbox.run(["queue", "queued", "-c", "\(base)/\(domain)"]).json()
                let errors = try await sandbox.run(["queue", "errors", "-c", "\(base)/\(domain)"]).json()
                return queued["jobs"] == [] && errors["jobs"] == []
            }, "\(domain): the job was not delivered")
        }
        let after = try #require(nano.peakResidentBytes())
        #expect(after - before < 64 << 20, "nano's peak resident memory grew from \(before >> 20) MB to \(after >> 20) MB")
    }

    /// No FoundationNetworking (and so none of its start-up cost) in the binary.
    @Test func theBinaryDoesNotLinkFoundationNetworking() async throws {
        let sandbox = try CLISandbox()
        defer { sandbox.remove() }
        let ldd = try await sandbox.run([CLISandbox.binary], executable: "/usr/bin/ldd")
        #expect(ldd.status == 0, "\(ldd)")
        #expect(ldd.stdoutText.contains("libcurl"), "\(ldd)")
        #expect(!ldd.stdoutText.contains("FoundationNetworking"), "\(ldd)")
    }
}

/// `hyper-vision nano --port 0 --quiet` in its own process, stopped with SIGTERM.
final class ChildNano: Sendable {
    private let process: Process
    private let log: String

    init(sandbox: CLISandbox) throws {
        log = sandbox.path("nano.log")
        FileManager.default.createFile(atPath: log, contents: nil)
        process = Process()
        process.executableURL = URL(fileURLWithPath: CLISandbox.binary)
        process.arguments = ["nano", "--port", "0", "--quiet", "--dir", sandbox.path("nano")]
        process.environment = sandbox.environment
        process.standardError = FileHandle(forWritingAtPath: log)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
    }

    /// `http://127.0.0.1:PORT`, from the line nano prints once it listens.
    func url() async throws -> String {
        for _ in 0..<400 {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            if let range = text.range(of: "at http://") {
                let rest = text[range.upperBound...].prefix { !$0.isWhitespace }
                return "http://" + rest.split(separator: "/").first.map(String.init)!
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw CLIProcessError.noStartLine(log)
    }

    /// VmHWM: the most memory the process ever had resident.
    func peakResidentBytes() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kilobytes = Int(line.split(separator: " ")[1]) else { return nil }
        return kilobytes * 1024
    }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }
}

enum CLIProcessError: Error { case noStartLine(String) }
