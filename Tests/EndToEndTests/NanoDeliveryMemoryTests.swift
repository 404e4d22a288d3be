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
        let nano = try await ChildNano.start(directory: sandbox.path("nano"), arguments: ["--quiet"], environment: sandbox.environment)
        try await withCleanup { try await Self.deliverHostileAnswers(server, sandbox, nano) } cleanup: { await nano.stop() }
    }

    private static func deliverHostileAnswers(_ server: ScriptServer, _ sandbox: CLISandbox, _ nano: ChildNano) async throws {
        let base = nano.base
        let before = try #require(nano.memory["VmHWM"])
        let targets = ["big": server.base + "/big?mb=512", "bomb": server.base + "/bomb?mb=256"]
        for (domain, target) in targets {
            for arguments in [["queue", "create", "--target", target], ["queue", "enqueue", "type=x"]] {
                let result = try await sandbox.run(arguments + ["-c", "\(base)/\(domain)"])
                #expect(result.status == 0, "\(arguments): \(result)")
            }
        }
        for domain in targets.keys {
            #expect(try await eventually {
                let queued = try await sandbox.run(["queue", "queued", "-c", "\(base)/\(domain)"]).json()
                let errors = try await sandbox.run(["queue", "errors", "-c", "\(base)/\(domain)"]).json()
                return queued["jobs"] == [] && errors["jobs"] == []
            }, "\(domain): the job was not delivered")
        }
        let after = try #require(nano.memory["VmHWM"])
        #expect(after - before < 64 << 10, "nano's peak resident memory grew from \(before >> 10) MB to \(after >> 10) MB")
    }

    /// No FoundationNetworking (and so none of its start-up cost) in either program, and no
    /// libcurl either: that is loaded at the first transfer (CCurlShim).
    @Test(arguments: [hyperVisionBinary, hyperVisionNanoBinary])
    func theProgramsDoNotLinkFoundationNetworkingNorLibcurl(binary: String) async throws {
        let sandbox = try CLISandbox()
        defer { sandbox.remove() }
        let ldd = try await sandbox.run([binary], executable: "/usr/bin/ldd")
        #expect(ldd.status == 0 && ldd.stdoutText.contains("libc.so.6"), "\(ldd)")
        #expect(!ldd.stdoutText.contains("FoundationNetworking"), "\(ldd)")
        #expect(!ldd.stdoutText.contains("libcurl"), "\(ldd)")
    }
}
