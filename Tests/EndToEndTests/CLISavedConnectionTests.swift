import Foundation
import HyperClient
import HyperJSON
import Testing

/// One connection option group for the browser and the CLI, and saved connections that carry
/// the same settings (issue 12.7).
@Suite("connection options and saved connections")
struct CLISavedConnectionTests {
    /// The browser's connection options are the CLI's, flag for flag and word for word.
    @Test func theBrowserTakesEveryConnectionOptionTheCLITakes() async throws {
        let sandbox = try CLISandbox()
        defer { sandbox.remove() }
        func connectionSection(_ arguments: [String]) async throws -> String {
            let help = try await sandbox.run(arguments + ["--help"]).stdoutText
            guard let start = help.range(of: "CONNECTION:"), let end = help.range(of: "OPTIONS:", range: start.upperBound..<help.endIndex) else {
                Issue.record("no CONNECTION section in \(arguments): \(help)")
                return ""
            }
            return String(help[start.lowerBound..<end.lowerBound])
        }
        let browser = try await connectionSection(["browse"])
        for flag in ["--connection", "--service", "--domain", "--insecure", "--cacert", "--timeout", "--token", "--debug",
                     "--offline", "--read-only"] {
            #expect(browser.contains(flag), "browse lacks \(flag)")
        }
        for command in [["data", "get"], ["info"], ["queue", "retry"], ["storage", "upload"], ["undo"]] {
            #expect(try await connectionSection(command) == browser, "\(command)")
        }
    }

    /// A saved connection without credentials gets its bearer token from `token_command`; the
    /// token reaches no output (even with --debug) and no file; its domain and read_only apply.
    @Test func aSavedConnectionCarriesTokenCommandDomainAndReadOnly() async throws {
        try await NanoFixture.with { nano in
            let token = JWT.sign(sub: NanoFixture.key, secret: NanoFixture.secret, expires: Int(Date().timeIntervalSince1970) + 3600)
            _ = try await nano.create("data", domain: "other")
            try nano.sandbox.writeConfig("""
                [connections.viatoken]
                url = "http://127.0.0.1:\(nano.port)/test"
                token_command = "printf '%s\\\\n' \(token)"
                domain = "other"
                [connections.frozen]
                url = "http://127.0.0.1:\(nano.port)/test"
                token_command = "printf '%s' \(token)"
                read_only = true
                timeout = 20
                [connections.failing]
                url = "http://127.0.0.1:\(nano.port)/test"
                token_command = "echo secret-output-never-shown; exit 3"
                """)
            let added = try await nano.sandbox.run(["data", "add", "_id=in-other", "-c", "viatoken", "--debug"])
            #expect(added.status == 0, "\(added)")
            #expect(!added.stderr.contains(token) && !added.stdoutText.contains(token), "the token was shown: \(added)")
            #expect(try await nano.json(["data", "get", "in-other", "--domain", "other"])["_id"] == "in-other",
                    "written to the saved connection's domain")
            #expect(try await nano.run(["data", "get", "in-other"]).status == 1, "not in the connection string's domain")

            let read = try await nano.sandbox.run(["data", "get", "in-other", "-c", "frozen", "--domain", "other"])
            #expect(read.status == 0, "flags win over the saved domain: \(read)")
            let write = try await nano.sandbox.run(["data", "remove", "in-other", "-c", "frozen", "--domain", "other"])
            #expect(write.status == 2 && write.stderr.contains("read_only = true on saved connection frozen"), "\(write)")

            let failing = try await nano.sandbox.run(["data", "list", "-c", "failing"])
            #expect(failing.status == 2 && failing.stderr.contains("token_command of saved connection 'failing' failed"), "\(failing)")
            #expect(!failing.stderr.contains("secret-output-never-shown"), "\(failing)")
            try nano.sandbox.writeConfig("""
                [connections.both]
                url = "http://127.0.0.1:\(nano.port)/test"
                token = "t"
                token_command = "true"
                """)
            let both = try await nano.sandbox.run(["data", "list", "-c", "both"])
            #expect(both.status == 2 && both.stderr.contains("connections.both.token_command"), "\(both)")

            for folder in ["cache", "state"] {
                for path in FileManager.default.subpaths(atPath: nano.sandbox.path(folder)) ?? [] {
                    let file = nano.sandbox.path(folder) + "/" + path
                    guard let data = FileManager.default.contents(atPath: file) else { continue }
                    #expect(!String(decoding: data, as: UTF8.self).contains(token), "the token reached \(file)")
                }
            }
        }
    }
}
