import Foundation
import HyperJSON
import Testing

/// What the binary prints (escaped, still valid JSON) and what it accepts as items (bounded).
@Suite("CLI input and output bounds")
struct CLIInputOutputTests {
    /// A document holding every kind of control character: C0, DEL, C1 (U+009B, the 8-bit CSI)
    /// and the bidi overrides were written raw to stdout before; now stdout holds none of them,
    /// pretty or compact, and still parses to the stored value.
    @Test func jsonOutputEscapesEveryControlCharacter() async throws {
        try await NanoFixture.with { nano in
            let hostile = "\u{1b}]0;pwned\u{07} \u{1b}[2J \u{9b}31m \u{85} \u{7f} \u{202e}evil\u{202c} \u{2066}x\u{2069}"
            let doc: JSON = ["_id": "hostile", "title": .string(hostile), "key\u{9b}": 1]
            _ = try await nano.json(["data", "add", doc.compact])
            for flags in [[], ["--pretty"]] {
                let result = try await nano.run(["data", "get", "hostile"] + flags)
                #expect(result.status == 0, "\(result)")
                #expect(!result.stdoutText.unicodeScalars.contains { $0 != "\n" && TerminalText.isControl($0) },
                        "\(result.stdoutText.debugDescription)")
                #expect(result.stdoutText.contains(#"\u009b31m"#) && result.stdoutText.contains(#"\u202eevil"#))
                #expect(try result.json() == doc)
            }
        }
    }

    /// A 40,000-part dotted key overflowed the stack (SIGSEGV); now any path deeper than 64
    /// levels is a usage error naming the limit, checked before anything is sent.
    @Test func deepItemPathsAreRefusedNamingTheLimit() async throws {
        let sandbox = try CLISandbox()
        defer { sandbox.remove() }
        for parts in [65, 1_000, 40_000] {
            let item = Array(repeating: "a", count: parts).joined(separator: ".") + "=1"
            let result = try await sandbox.run(["data", "add", item, "-c", "http://127.0.0.1:9/test"])
            #expect(result.status == 2, "\(parts) parts: exit \(result.status), \(result.stderr.prefix(300))")
            #expect(result.stderr.contains("at most 64 levels"), "\(result.stderr.prefix(300))")
            #expect(result.stderr.count < 400, "the message quotes a short excerpt of the item")
        }
    }

    /// 64 levels are fine, and setting into existing objects keeps their keys in order.
    @Test func itemsUpToTheLimitBuildNestedObjects() async throws {
        try await NanoFixture.with { nano in
            let path = (1...64).map { "k\($0)" }
            _ = try await nano.json(["data", "add", "_id=deep", path.joined(separator: ".") + ":=true",
                                     "a.first=1", "a.second.x=2", "a.first=one", "a.second.y:=3", "z=last"])
            var expected: JSON = true
            for key in path.reversed() { expected = .object([key: expected]) }
            let doc = try await nano.json(["data", "get", "deep"])
            #expect(doc["k1"] == expected["k1"])
            #expect(doc["a"]?.compact == #"{"first":"one","second":{"x":"2","y":3}}"#)
            #expect(doc.objectValue.map { Array($0.keys) } == ["_id", "k1", "a", "z"])
        }
    }
}
