import Foundation
import HyperClient
import TestSupport
import Testing

/// Mistyped connection strings through the real binary, given every way the CLI takes one
/// (`-c`, `$HYPER`, a saved connection whose `env:` variable holds it): no part of the secret
/// ever reaches stdout or stderr (issue 11 item 11).
@Suite("CLI secret masking")
struct CLISecretMaskingTests {
    /// Every malformed generated string would be a few thousand runs; every 6th of them (and the
    /// issue's own examples, which come first) is over 300, in about half a minute.
    static let sample: [String] = {
        let malformed = MalformedConnectionStrings.all.filter { (try? Connection.parse($0)) == nil }
        return Array(malformed.prefix(5)) + malformed.enumerated().filter { $0.offset % 6 == 0 }.map(\.element)
    }()

    @Test func noMistypedConnectionStringEchoesItsSecret() async throws {
        let sandbox = try CLISandbox(config: """
            [connections.viaenv]
            url = "env:HV_MISTYPED"
            """)
        defer { sandbox.remove() }
        #expect(Self.sample.count > 300)
        // Four at a time: each run is short, and the machine is shared.
        for batch in stride(from: 0, to: Self.sample.count, by: 4) {
            try await withThrowingTaskGroup(of: (String, String, CLIResult).self) { group in
                for (offset, text) in Self.sample[batch..<min(batch + 4, Self.sample.count)].enumerated() {
                    let (channel, arguments, environment): (String, [String], [String: String]) = switch (batch + offset) % 3 {
                    case 0: ("-c", ["data", "list", "-c", text], [:])
                    case 1: ("$HYPER", ["data", "list"], ["HYPER": text])
                    default: ("env:", ["data", "list", "-c", "viaenv"], ["HV_MISTYPED": text])
                    }
                    group.addTask {
                        (text, channel, try await sandbox.run(arguments, environment: environment))
                    }
                }
                for try await (text, channel, result) in group {
                    let output = result.stdoutText + result.stderr
                    #expect(result.status == 2, "\(channel) \(text): \(result)")
                    #expect(!MalformedConnectionStrings.secretChunks.contains { output.contains($0) },
                            "\(channel) \(text) leaked: \(result)")
                }
            }
        }
    }

    /// The example is a connection string, not "no saved connection named ...".
    @Test func textWithCredentialsIsNeverASavedName() async throws {
        let sandbox = try CLISandbox()
        defer { sandbox.remove() }
        let result = try await sandbox.run(["data", "list"], environment: ["HYPER": "htp:/key:topsecret@@host"])
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.contains("invalid connection string \"htp:/key:****@host\""), "\(result)")
        #expect(!result.stderr.contains("saved connection"), "\(result)")
    }
}
