import Foundation
import HyperJSON
import Testing

/// Connections, output format, exit codes and `--debug` against a real nano server.
@Suite("CLI connections and output")
struct CLIConnectionTests {
    @Test func infoAnswersAndIsCompactWhenPiped() async throws {
        try await NanoFixture.with { nano in
            let result = try await nano.run(["info"])
            #expect(result.status == 0, "\(result)")
            #expect(result.stdoutText.hasSuffix("}\n"))
            #expect(result.stdoutText.filter { $0 == "\n" }.count == 1, "compact: one line")
            let services = try result.json()["services"]?.arrayValue ?? []
            #expect(services.contains("data"))
            #expect(services.contains("queue"))
        }
    }

    @Test func prettyOutputIsIndentedAndEqual() async throws {
        try await NanoFixture.with { nano in
            let compact = try await nano.run(["info"])
            let pretty = try await nano.run(["info", "--pretty"])
            #expect(pretty.status == 0, "\(pretty)")
            #expect(pretty.stdoutText.contains("\n  \""), "\(pretty)")
            #expect(try pretty.json() == compact.json())
        }
    }

    @Test func connectionOptionBeatsTheEnvironment() async throws {
        try await NanoFixture.with { nano in
            let result = try await nano.sandbox.run(["data", "list", "-c", nano.connection()],
                                                    environment: ["HYPER": "http://127.0.0.1:9/nowhere"])
            #expect(result.status == 0, "\(result)")
            #expect(try result.json()["ok"] == true)
        }
    }

    @Test func deadServerExitsThree() async throws {
        try await NanoFixture.with { nano in
            let dead = try await nano.run(["info", "-c", "http://127.0.0.1:9/test", "--timeout", "5"])
            #expect(dead.status == 3, "\(dead)")
            #expect(dead.stderr.contains("network"), "\(dead)")
            #expect(dead.stdout.isEmpty)
        }
    }

    @Test func malformedConnectionStringIsAUsageErrorWithoutTheSecret() async throws {
        try await NanoFixture.with { nano in
            let result = try await nano.run(["info", "-c", "ftp://key:hush-hush-secret@host/app"])
            #expect(result.status == 2, "\(result)")
            #expect(!result.stderr.contains("hush-hush-secret"), "\(result)")
        }
    }

    /// `hyper-vision -c X data get ID`, as git and kubectl take their options: the browser (the
    /// command when none comes first) refuses it, and the message gives the line in our order,
    /// the secret masked.
    @Test func optionsBeforeTheCommandAreAUsageErrorNamingTheLineInOrder() async throws {
        try await NanoFixture.with { nano in
            let result = try await nano.run(["-c", "http://key:hush-hush-secret@127.0.0.1:1/test", "--timeout", "5", "data", "get", "a b"])
            #expect(result.status == 2, "\(result)")
            #expect(result.stderr.contains(
                "the command comes first, its options after it: hyper-vision data get 'a b' -c 'http://key:****@127.0.0.1:1/test' --timeout 5"),
                "\(result)")
            #expect(!result.stderr.contains("hush-hush-secret"), "\(result)")
            #expect(result.stdout.isEmpty)
            let token = try await nano.run(["--token", "hush-hush-token", "cache", "list"])
            #expect(token.status == 2 && token.stderr.contains("hyper-vision cache list --token '****'"), "\(token)")
            #expect(!token.stderr.contains("hush-hush-token"), "\(token)")
        }
    }

    @Test func wrongSecretIsAHyperErrorExitOne() async throws {
        try await NanoFixture.with { nano in
            let result = try await nano.run(["data", "list", "-c", nano.connection(secret: "not-the-secret")])
            #expect(result.status == 1, "\(result)")
            #expect(result.stderr.contains("401"), "\(result)")
        }
    }

    @Test func debugLogsRequestsWithoutTheSecret() async throws {
        try await NanoFixture.with { nano in
            let result = try await nano.run(["data", "add", "_id=dbg", "title=Debug", "--debug"])
            #expect(result.status == 0, "\(result)")
            #expect(result.stderr.contains("POST"), "\(result)")
            #expect(result.stderr.contains("/data/test"), "\(result)")
            #expect(result.stderr.contains("****"), "\(result)")
            #expect(!result.stderr.contains(NanoFixture.secret), "\(result)")
            #expect(!result.stderr.contains("eyJ"), "no JWT (base64 of '{\"') in the log: \(result)")
            #expect(try result.json()["id"] == "dbg", "stdout still holds only the answer")
        }
    }

    @Test func rawTokenIsSentButNeverLogged() async throws {
        try await NanoFixture.with { nano in
            let token = "raw-token-not-a-jwt-8841"
            let result = try await nano.run(["data", "list", "--token", token, "--debug"])
            #expect(result.status == 1, "nano rejects a token it did not sign: \(result)")
            #expect(result.stderr.contains("401"), "\(result)")
            #expect(result.stderr.contains("Authorization: Bearer ****"), "\(result)")
            #expect(!result.stderr.contains(token), "\(result)")
            let fromEnvironment = try await nano.run(["data", "list", "--debug"], environment: ["HYPER_TOKEN": token])
            #expect(fromEnvironment.status == 1, "$HYPER_TOKEN is used too: \(fromEnvironment)")
            #expect(!fromEnvironment.stderr.contains(token), "\(fromEnvironment)")
        }
    }

    @Test func savedConnectionsResolveByNameAndFromTheEnvironment() async throws {
        try await NanoFixture.with { nano in
            try nano.sandbox.writeConfig("""
                theme = "default"
                [connections.local]
                url = "\(nano.connection())"
                [connections.viaenv]
                url = "env:NANO_URL"
                [connections.prod]
                url = "\(nano.connection())"
                read_only = true
                """)
            let byName = try await nano.sandbox.run(["data", "add", "_id=saved", "-c", "local"])
            #expect(byName.status == 0, "\(byName)")
            let viaEnv = try await nano.sandbox.run(["data", "get", "saved", "-c", "viaenv"],
                                                    environment: ["NANO_URL": nano.connection()])
            #expect(viaEnv.status == 0, "\(viaEnv)")
            #expect(try viaEnv.json()["_id"] == "saved")
            let fromHyper = try await nano.sandbox.run(["data", "get", "saved"], environment: ["HYPER": "local"])
            #expect(fromHyper.status == 0, "$HYPER may name a saved connection too: \(fromHyper)")

            // read_only: reads pass, writes are refused before any request.
            #expect(try await nano.sandbox.run(["data", "get", "saved", "-c", "prod"]).status == 0)
            let write = try await nano.sandbox.run(["data", "remove", "saved", "-c", "prod"])
            #expect(write.status == 2, "\(write)")
            #expect(write.stderr.contains("read-only"), "\(write)")
            #expect(try await nano.sandbox.run(["data", "get", "saved", "-c", "local"]).status == 0, "still there")
        }
    }

    @Test func domainOptionOverridesTheConnectionString() async throws {
        try await NanoFixture.with { nano in
            _ = try await nano.create("data", domain: "other")
            _ = try await nano.json(["data", "add", "_id=elsewhere", "--domain", "other"])
            #expect(try await nano.run(["data", "get", "elsewhere"]).status == 1, "not in the default domain")
            #expect(try await nano.json(["data", "get", "elsewhere", "--domain", "other"])["_id"] == "elsewhere")
        }
    }

    @Test func itemsEscapesAndNesting() async throws {
        try await NanoFixture.with { nano in
            _ = try await nano.json(["data", "add", "_id=items", #"dotted\.key=1"#, "a.b.c:=true", "a.b.d=x",
                                     "url=http://h/?q=1", "empty=", "n:=-2.50"])
            let doc = try await nano.json(["data", "get", "items"])
            #expect(doc == ["_id": "items", "dotted.key": "1", "a": ["b": ["c": true, "d": "x"]],
                            "url": "http://h/?q=1", "empty": "", "n": .number(JSONNumber(text: "-2.50"))])

            // Items add to (and override) a JSON argument.
            _ = try await nano.json(["data", "add", #"{"_id":"base","title":"Old","keep":1}"#, "title=New", "extra:=null"])
            #expect(try await nano.json(["data", "get", "base"]) == ["_id": "base", "title": "New", "keep": 1, "extra": nil])
        }
    }
}
