import Foundation
import HyperJSON
import TestSupport
import Testing

/// What changes when the CLI runs on a terminal: pretty JSON and a transfer meter. `script`
/// (util-linux) gives the binary a pseudo-terminal for stdin, stdout and stderr.
@Suite("CLI on a terminal")
struct CLITerminalTests {
    static let script = "/usr/bin/script"

    /// Runs `hyper-vision arguments...` under `script`; returns everything the terminal showed.
    static func onTerminal(_ nano: NanoFixture, _ arguments: [String]) async throws -> CLIResult {
        let command = ([hyperVisionBinary] + arguments).map { "'\($0)'" }.joined(separator: " ")
        return try await nano.sandbox.run(["-qec", command, "/dev/null"], executable: script,
                                          environment: ["HYPER": nano.connection(), "TERM": "xterm"])
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: script)))
    func jsonIsPrettyOnATerminal() async throws {
        try await NanoFixture.with { nano in
            let result = try await Self.onTerminal(nano, ["info"])
            #expect(result.status == 0, "\(result)")
            #expect(result.stdoutText.hasPrefix("{\r\n  \"name\": "), "\(result)")
        }
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: script)))
    func transfersShowAMeterThatIsErasedAfterwards() async throws {
        try await NanoFixture.with { nano in
            let source = nano.sandbox.path("big.bin")
            try Data(repeating: 7, count: 3_000_000).write(to: URL(fileURLWithPath: source))
            let upload = try await Self.onTerminal(nano, ["storage", "upload", "big.bin", source])
            #expect(upload.status == 0, "\(upload)")
            #expect(upload.stdoutText.contains("\u{1B}[Kupload big.bin  "), "\(upload)")
            #expect(upload.stdoutText.contains("\r\u{1B}[K{"), "the meter is erased before the answer: \(upload)")

            let copy = nano.sandbox.path("copy.bin")
            let download = try await Self.onTerminal(nano, ["storage", "download", "big.bin", "-o", copy])
            #expect(download.status == 0, "\(download)")
            #expect(download.stdoutText.contains("\u{1B}[Kdownload big.bin  "), "\(download)")
            #expect(FileManager.default.contents(atPath: copy)?.count == 3_000_000)

            // Piped, the same commands print nothing on stderr.
            let quiet = try await nano.run(["storage", "download", "big.bin", "-o", copy])
            #expect(quiet.status == 0, "\(quiet)")
            #expect(quiet.stderr.isEmpty, "\(quiet)")
        }
    }
}
