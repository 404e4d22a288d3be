import Foundation
import HyperJSON
import Testing

/// CLI behaviour that needs no server: files, config, usage errors, input parsing.
@Suite("CLI without a server")
struct CLIOfflineTests {
    @Test func pathsHonourXDGVariables() async throws {
        let sandbox = try CLISandbox()
        defer { sandbox.remove() }
        let result = try await sandbox.run(["paths", "--json"])
        #expect(result.status == 0, "\(result)")
        let paths = try result.json()
        #expect(paths["config"] == .string(sandbox.root + "/config/hyper-vision"))
        #expect(paths["config_file"] == .string(sandbox.root + "/config/hyper-vision/config.toml"))
        #expect(paths["cache"] == .string(sandbox.root + "/cache/hyper-vision"))
        #expect(paths["state"] == .string(sandbox.root + "/state/hyper-vision"))
        #expect(paths["data"] == .string(sandbox.root + "/data/hyper-vision"))
        #expect(paths["journal"] == .string(sandbox.root + "/state/hyper-vision/journal.sqlite"))
        #expect(paths["page_cache"] == .string(sandbox.root + "/cache/hyper-vision/cache.sqlite"))
        #expect(paths["page_inbox"] == .string(sandbox.root + "/cache/hyper-vision/inbox"))
        #expect(paths["nano_data"] == .string(sandbox.root + "/data/hyper-vision/nano"))
    }

    @Test func pathsFallBackToHomeWhenXDGIsUnsetOrRelative() async throws {
        let sandbox = try CLISandbox()
        defer { sandbox.remove() }
        var environment = sandbox.environment
        environment["XDG_CONFIG_HOME"] = "relative/config"   // the spec says: ignore relative values
        environment["XDG_CACHE_HOME"] = nil
        environment["XDG_STATE_HOME"] = nil
        environment["XDG_DATA_HOME"] = nil
        let home = sandbox.root + "/home"
        let result = try await CLISandbox(root: sandbox.root, environment: environment).run(["paths"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdoutText.contains("config       \(home)/.config/hyper-vision\n"), "\(result)")
        #expect(result.stdoutText.contains("cache        \(home)/.cache/hyper-vision\n"), "\(result)")
        #expect(result.stdoutText.contains("state        \(home)/.local/state/hyper-vision\n"), "\(result)")
        #expect(result.stdoutText.contains("data         \(home)/.local/share/hyper-vision\n"), "\(result)")
    }

    @Test func noConnectionIsAUsageError() async throws {
        try await expectUsageError(["info"], mentioning: ["no connection", "$HYPER"])
    }

    /// Without a subcommand the arguments are the browser's (`main` names `browse` for them),
    /// and the root's own still answer: its help and its version.
    @Test func withoutASubcommandTheArgumentsAreTheBrowsers() async throws {
        try await expectUsageError(["nosuch"], mentioning: ["no saved connection named 'nosuch'"])
        try await expectUsageError(["--theme", "mono"], mentioning: ["no connection", "`hyper-vision demo` opens sample data"])
        try await expectUsageError(["--bogus"], mentioning: ["Unknown option '--bogus'", "hyper-vision browse --help"])
        let sandbox = try CLISandbox()
        defer { sandbox.remove() }
        let version = try await sandbox.run(["--version"])
        #expect(version.status == 0 && version.stdoutText == "0.1.0\n", "\(version)")
        let help = try await sandbox.run(["--help"])
        #expect(help.status == 0 && help.stdoutText.contains("SUBCOMMANDS:"), "\(help)")
    }

    /// `main` parses a command line that starts with a subcommand with that subcommand as the
    /// root; what only the real root answers, and ArgumentParser's help, still come from the
    /// full parse: the root's version, its `--version` in the help, the usage lines it writes.
    @Test func aSubcommandParsedAsTheRootAnswersAsUnderTheRoot() async throws {
        let sandbox = try CLISandbox()
        defer { sandbox.remove() }
        let help = try await sandbox.run(["data", "get", "x", "-h"])
        #expect(help.status == 0 && help.stdoutText.contains("USAGE: hyper-vision data get <id>"), "\(help)")
        #expect(help.stdoutText.contains("--version"), "\(help)")
        let version = try await sandbox.run(["data", "get", "x", "--version"])
        #expect(version.status == 0 && version.stdoutText == "0.1.0\n", "\(version)")
        let script = try await sandbox.run(["data", "get", "x", "--generate-completion-script", "bash"])
        #expect(script.status == 0 && script.stdoutText.hasPrefix("#!/bin/bash"), "\(script)")
        try await expectUsageError(["data", "get"], mentioning: ["Missing expected argument '<id>'", "See 'hyper-vision data get --help'"])
        try await expectUsageError(["data", "help"], mentioning: ["Unexpected argument 'help'", "Usage: hyper-vision data <subcommand>"])
    }

    /// A service's subcommand is parsed with itself as the root (`data get ID` by `get`), which
    /// gives the full parse's command only while neither the root nor the service's group has
    /// arguments of its own: each group's are ArgumentParser's (help, version), and each of its
    /// subcommands names the group as its super-command. Its help, errors and version still come
    /// from the full parse.
    @Test func aServiceSubcommandParsedAsTheRootAnswersAsUnderItsGroup() async throws {
        let sandbox = try CLISandbox()
        defer { sandbox.remove() }
        for group in ["data", "cache", "search", "storage", "queue"] {
            let dump = try await sandbox.run([group, "--experimental-dump-help"])
            let command = try dump.json()["command"]
            let arguments = command?["arguments"]?.arrayValue?.compactMap { $0["valueName"]?.stringValue }
            #expect(arguments == ["version", "help"], "\(group): \(dump)")
            let subcommands = command?["subcommands"]?.arrayValue?.compactMap { $0["commandName"]?.stringValue } ?? []
            #expect(subcommands.contains("create") && subcommands.contains("destroy"), "\(group): \(subcommands)")
        }
        let help = try await sandbox.run(["cache", "destroy", "-h"])
        #expect(help.status == 0 && help.stdoutText.contains("USAGE: hyper-vision cache destroy --yes"), "\(help)")
        #expect(help.stdoutText.contains("--version"), "\(help)")
        let version = try await sandbox.run(["queue", "errors", "--version"])
        #expect(version.status == 0 && version.stdoutText == "0.1.0\n", "\(version)")
        try await expectUsageError(["storage", "upload"], mentioning: ["Missing expected argument", "See 'hyper-vision storage upload --help'"])
        try await expectUsageError(["search", "get", "x", "--nope"], mentioning: ["Unknown option '--nope'", "hyper-vision search get"])
    }

    @Test func unknownSavedConnectionListsTheSavedNames() async throws {
        try await expectUsageError(["info", "-c", "staging"], config: """
            theme = "default"
            [connections.local]
            url = "http://127.0.0.1:6363/test"
            [connections.prod]
            url = "env:HYPER_PROD"
            read_only = true
            """, mentioning: ["no saved connection named 'staging'", "local, prod"])
    }

    @Test func savedConnectionFromAnUnsetVariableSaysWhich() async throws {
        try await expectUsageError(["info", "-c", "prod"], config: """
            [connections.prod]
            url = "env:HYPER_PROD"
            """, mentioning: ["$HYPER_PROD"])
    }

    @Test func badTOMLNamesTheFileLineAndColumn() async throws {
        let sandbox = try CLISandbox(config: """
            theme = "default"
            [connections.local]
            url = "http://127.0.0.1:6363/test
            """)
        defer { sandbox.remove() }
        let result = try await sandbox.run(["info", "-c", "local"])
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.contains("\(sandbox.configFile):3:"), "\(result)")
        #expect(result.stderr.contains("invalid TOML"), "\(result)")
    }

    @Test func wrongTypeInConfigNamesTheKey() async throws {
        try await expectUsageError(["info", "-c", "local"], config: """
            [connections.local]
            url = "http://127.0.0.1:6363/test"
            read_only = "yes"
            """, mentioning: ["connections.local.read_only"])
    }

    @Test func invalidJSONDocumentReportsLineAndColumn() async throws {
        try await expectUsageError(["data", "add", "-f", "-", "-c", "http://127.0.0.1:9/test"],
                                   stdin: "{\n  \"title\": \"Dune\",\n  \"year\": 19x5\n}",
                                   mentioning: ["line 3, column", "stdin"])
    }

    @Test func invalidRawJSONItemNamesTheItem() async throws {
        try await expectUsageError(["data", "add", "title=Dune", "tags:=[\"a\",", "-c", "http://127.0.0.1:9/test"],
                                   mentioning: ["tags:=[\"a\",", "line 1, column"])
    }

    @Test(arguments: [
        ["data", "get"],                               // missing id
        ["data", "list", "--limit", "many"],           // not a number
        ["data", "destroy", "-c", "http://127.0.0.1:9/test"],  // no --yes
        ["cache", "query", "--no-such-option"],
        ["completions", "tcsh"],
        ["data", "add", "-c", "http://127.0.0.1:9/test"],                      // no document at all
        ["data", "bulk", #"{"_id":"a"}"#, "-c", "http://127.0.0.1:9/test"],    // bulk needs an array
        ["data", "add", "[1]", "title=x", "-c", "http://127.0.0.1:9/test"],    // items need an object
        ["data", "add", "=x", "-c", "http://127.0.0.1:9/test"],                // empty field name
        ["data", "add", "Dune", "-c", "http://127.0.0.1:9/test"],              // neither JSON nor an item
        ["data", "add", "a..b=x", "-c", "http://127.0.0.1:9/test"],
        ["data", "add", "title=x", "title.sub=y", "-c", "http://127.0.0.1:9/test"],  // title is a string
        ["data", "list", "--limit", "-1", "-c", "http://127.0.0.1:9/test"],
        ["search", "create", "--fields", ",", "-c", "http://127.0.0.1:9/test"],
        ["queue", "create", "--target", "http://x/", "--secret", "a", "--secret-env", "B", "-c", "http://127.0.0.1:9/test"],
    ])
    func badUsageExitsTwo(arguments: [String]) async throws {
        let sandbox = try CLISandbox()
        defer { sandbox.remove() }
        let result = try await sandbox.run(arguments)
        #expect(result.status == 2, "\(result)")
        #expect(!result.stderr.isEmpty, "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
    }

    @Test func completionScriptsAreGenerated() async throws {
        let sandbox = try CLISandbox()
        defer { sandbox.remove() }
        for shell in ["bash", "zsh", "fish"] {
            let result = try await sandbox.run(["completions", shell])
            #expect(result.status == 0, "\(result)")
            #expect(result.stdoutText.contains("hyper-vision"), "\(shell)")
            #expect(result.stdoutText.contains("enqueue"), "\(shell): subcommands are completed")
        }
    }

    /// The completion scripts call the binary back (`---completion ... -- --connection`) to
    /// complete `-c` with the saved connection names.
    @Test func connectionOptionCompletesSavedNames() async throws {
        let sandbox = try CLISandbox(config: """
            [connections.staging]
            url = "http://127.0.0.1:6363/test"
            [connections.local]
            url = "env:LOCAL_HYPER"
            """)
        defer { sandbox.remove() }
        let result = try await sandbox.run(["---completion", "data", "list", "--", "--connection", "4", "0",
                                            "hyper-vision", "data", "list", "-c", ""])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdoutText == "local\nstaging\n", "\(result)")
    }

    @Test(arguments: [
        ["data", "add"], ["data", "query"], ["cache", "set"], ["search", "query"],
        ["storage", "download"], ["queue", "retry"], ["info"], ["paths"],
    ])
    func helpHasExamples(arguments: [String]) async throws {
        let sandbox = try CLISandbox()
        defer { sandbox.remove() }
        let result = try await sandbox.run(arguments + ["--help"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdoutText.contains("hyper-vision " + arguments.joined(separator: " ")), "\(result)")
        #expect(result.stdoutText.contains("Example"), "\(result)")
    }

    /// The first `--debug` line shows the request the options became; port 9 refuses the
    /// connection, so these need no server and end with exit 3.
    @Test(arguments: [
        (["data", "list", "-c", "cloud://k:s3cr3t-value@127.0.0.1:9/app", "--service", "svc", "--limit", "2",
          "--startkey", "a", "--keys", "x,y", "--descending"],
         "> GET https://127.0.0.1:9/app/data/svc?startkey=a&limit=2&keys=x%2Cy&descending=true"),
        (["data", "get", "a b/c?", "-c", "http://127.0.0.1:9/dom", "--domain", "other"],
         "> GET http://127.0.0.1:9/data/other/a%20b%2Fc%3F"),
        // A cache query first asks whether the server's patterns are true globs (CacheGlob).
        (["cache", "query", "-c", "http://127.0.0.1:9/dom"], "> GET http://127.0.0.1:9/"),
        (["storage", "list", "--prefix", "photos/", "-c", "http://127.0.0.1:9/dom"],
         "> GET http://127.0.0.1:9/storage/dom?prefix=photos%2F"),
    ])
    func optionsBecomeTheRequest(arguments: [String], firstLine: String) async throws {
        let sandbox = try CLISandbox()
        defer { sandbox.remove() }
        let result = try await sandbox.run(arguments + ["--debug", "--timeout", "5"])
        #expect(result.status == 3, "\(result)")
        #expect(result.stderr.split(separator: "\n").first.map(String.init) == firstLine, "\(result)")
        #expect(!result.stderr.contains("s3cr3t-value"), "\(result)")
    }

    /// Runs `arguments` in a fresh sandbox (with `config` as its config.toml, when given) and
    /// expects a usage error: exit 2 and a message on stderr that says each of `mentions`.
    private func expectUsageError(_ arguments: [String], config: String? = nil, stdin: String? = nil,
                                  mentioning mentions: [String],
                                  sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let sandbox = try CLISandbox(config: config)
        defer { sandbox.remove() }
        let result = try await sandbox.run(arguments, stdin: stdin)
        #expect(result.status == 2, "\(result)", sourceLocation: sourceLocation)
        for mention in mentions {
            #expect(result.stderr.contains(mention), "\(mention): \(result)", sourceLocation: sourceLocation)
        }
    }
}
