import Foundation
import HyperJSON
import TestSupport
import Testing

/// The CLI features of issue 11 item 12, through the built binary.
@Suite("CLI features")
struct CLIFeatureTests {
    /// `-o -` means stdout (it used to write a file named "-" and print a summary).
    @Test func downloadToDashWritesToStdout() async throws {
        try await NanoFixture.with { nano in
            let bytes = (0..<3000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
            let file = nano.sandbox.path("payload.bin")
            try Data(bytes).write(to: URL(fileURLWithPath: file))
            #expect(try await nano.run(["storage", "upload", "payload.bin", file]).status == 0)
            let result = try await nano.run(["storage", "download", "payload.bin", "-o", "-"])
            #expect(result.status == 0, "\(result)")
            #expect(result.stdout == bytes)
            #expect(!FileManager.default.fileExists(atPath: nano.sandbox.path("-")))
        }
    }

    /// `queue retry` and `queue cancel` take several ids: one answer per job on stdout; a job
    /// that fails is named on stderr, the others still go, and the exit code is the failure's.
    @Test func retryAndCancelTakeSeveralIds() async throws {
        try await NanoFixture.with(demoSize: 20) { nano in
            // The demo queue fails the first delivery of each distinct job.
            func enqueue(_ count: Int, _ batch: String) async throws -> [String] {
                var ids: [String] = []
                for n in 0..<count {
                    let answer = try await nano.json(["queue", "enqueue", "n:=\(n)", "batch=\(batch)"])
                    ids.append(try #require(answer["id"].map(CLIStorageQueueTests.idText)))
                }
                #expect(try await eventually {
                    Set(ids).isSubset(of: try await CLIStorageQueueTests.jobIDs(nano, "errors"))
                })
                return ids
            }
            let retried = try await enqueue(3, "retried")
            let retry = try await nano.run(["queue", "retry"] + retried)
            #expect(retry.status == 0, "\(retry)")
            #expect(retry.stdoutText.split(separator: "\n").count == 3, "\(retry)")
            #expect(try await eventually {
                Set(retried).isDisjoint(with: try await CLIStorageQueueTests.jobIDs(nano, "errors"))
            })

            let cancelled = try await enqueue(2, "cancelled")
            let cancel = try await nano.run(["queue", "cancel", cancelled[0], "999999", cancelled[1]])
            #expect(cancel.status == 1, "\(cancel)")
            #expect(cancel.stderr.contains("error: job 999999:"), "\(cancel)")
            #expect(cancel.stdoutText.split(separator: "\n").count == 2, "\(cancel)")
            let left = try await CLIStorageQueueTests.jobIDs(nano, "errors")
            #expect(Set(cancelled).isDisjoint(with: left), "both good ids were cancelled: \(left)")

            let none = try await nano.run(["queue", "retry"])
            #expect(none.status == 2, "\(none)")
        }
    }

    /// hyper's search has no limit: `--limit N` keeps the first N matches.
    @Test func searchQueryLimit() async throws {
        try await NanoFixture.with { nano in
            for (key, title) in [("a", "Dune"), ("b", "Dune Messiah"), ("c", "Children of Dune")] {
                _ = try await nano.json(["search", "add", key, "title=\(title)", "type=book"])
            }
            let all = try await nano.json(["search", "query", "dune"])
            #expect(all["matches"]?.arrayValue?.count == 3, "\(all)")
            let two = try await nano.json(["search", "query", "dune", "--limit", "2"])
            #expect(two["matches"]?.arrayValue == Array(all["matches"]?.arrayValue?.prefix(2) ?? []))
            #expect(try await nano.json(["search", "query", "dune", "--limit", "0"])["matches"] == [])
            #expect(try await nano.run(["search", "query", "dune", "--limit", "-1"]).status == 2)
        }
    }

    @Test func version() async throws {
        let sandbox = try CLISandbox()
        defer { sandbox.remove() }
        let result = try await sandbox.run(["--version"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdoutText == "0.1.0\n")
    }

    /// libcurl, and the ~30 libraries it needs, are loaded by the commands that go to the
    /// network only (CNetworkCommandStart starts that load before main, from the arguments): a
    /// local command, or a network command asked for its help, starts without them.
    /// `LD_DEBUG=files` makes the loader name on stderr each library it loads, at start and by
    /// dlopen alike.
    @Test func onlyCommandsThatGoToTheNetworkLoadLibcurl() async throws {
        try await NanoFixture.with { nano in
            for local in [["--version"], ["paths"], ["data", "get", "movie-0001", "--offline"], ["info", "--help"], ["data", "help"]] {
                let result = try await nano.run(local, environment: ["LD_DEBUG": "files"])
                #expect(result.stderr.contains("libc.so.6"), "the loader's report is there: \(result)")
                #expect(!result.stderr.contains("libcurl"), "\(local): \(result)")
            }
            let remote = try await nano.run(["info"], environment: ["LD_DEBUG": "files"])
            #expect(remote.status == 0, "\(remote)")
            #expect(remote.stderr.contains("libcurl-gnutls.so.4"), "the GnuTLS build is preferred: \(remote)")
        }
    }

    /// ncurses (libncursesw and libtinfo) is loaded by the browser only: the CLI's commands, local
    /// or not, start without it.
    @Test func onlyTheBrowserLoadsNcurses() async throws {
        try await NanoFixture.with { nano in
            for command in [["--version"], ["paths"], ["data", "get", "movie-0001"]] {
                let result = try await nano.run(command, environment: ["LD_DEBUG": "files"])
                #expect(result.stderr.contains("libc.so.6"), "the loader's report is there: \(result)")
                #expect(!result.stderr.contains("libncursesw") && !result.stderr.contains("libtinfo"), "\(command): \(result)")
            }
        }
    }

    /// An ncurses that cannot be loaded is said when the browser starts, naming the file and the
    /// package (the tmux tests drive the browser with the real one).
    @Test func anNcursesThatCannotBeLoadedIsSaid() async throws {
        try await NanoFixture.with { nano in
            let folder = try brokenLibraries(["libncursesw.so.6"], in: nano.sandbox)
            let browser = try await nano.run([], environment: ["LD_LIBRARY_PATH": folder])
            #expect(browser.status != 0, "\(browser)")
            #expect(browser.stderr.contains("cannot load libncursesw.so.6 (install libncursesw6): \(folder)/libncursesw.so.6"), "\(browser)")
        }
    }

    /// The CLI does not carry the server: no code of HyperNano nor of Hummingbird in
    /// `hyper-vision` (the server's program has both, so the symbols looked for are the right
    /// ones), and `hyper-vision nano` without `hyper-vision-nano` beside it says what is missing.
    @Test func theCLIProgramCarriesNoServer() async throws {
        let sandbox = try CLISandbox()
        defer { sandbox.remove() }
        let server = ["$s9HyperNano", "$s11Hummingbird"]
        let cli = try await sandbox.run(["--defined-only", hyperVisionBinary], executable: "/usr/bin/nm")
        let nano = try await sandbox.run(["--defined-only", hyperVisionNanoBinary], executable: "/usr/bin/nm")
        #expect(cli.status == 0 && cli.stdoutText.contains("$s9HyperJSON"), "\(cli.status) \(cli.stderr)")
        for prefix in server {
            #expect(!cli.stdoutText.contains(prefix), "\(prefix) in hyper-vision")
            #expect(nano.stdoutText.contains(prefix), "\(prefix) not in hyper-vision-nano")
        }
        let alone = sandbox.path("alone")
        try FileManager.default.createDirectory(atPath: alone, withIntermediateDirectories: true)
        try copyExecutable(hyperVisionBinary, to: alone + "/hyper-vision")
        for command in [["nano"], ["demo"]] {
            let missing = try await Self.runningFreshCopy { try await sandbox.run(command, executable: alone + "/hyper-vision") }
            #expect(missing.status == 1, "\(missing)")
            #expect(missing.stderr.contains("cannot run the embedded server: \(alone)/hyper-vision-nano is missing"), "\(missing)")
        }
    }

    /// `run`, the start of a program just copied, tried again while exec refuses it as busy: the
    /// copy's descriptor is closed on exec, but a process another test spawns in that moment
    /// holds it until its own exec, and exec of the copy fails with ETXTBSY meanwhile (as Go's
    /// os/exec, which retries it too).
    private static func runningFreshCopy(_ run: () async throws -> CLIResult) async throws -> CLIResult {
        for _ in 1..<50 {
            do {
                return try await run()
            } catch let error as NSError where (error.userInfo[NSUnderlyingErrorKey] as? NSError)?.code == Int(ETXTBSY) {
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        return try await run()
    }

    /// A libcurl that cannot be loaded is said, naming each file tried and the packages, when a
    /// command needs it; the commands that do not still work. (An empty file first in the
    /// loader's search path stands for a broken or missing library.)
    @Test func aLibcurlThatCannotBeLoadedIsSaid() async throws {
        try await NanoFixture.with { nano in
            let folder = try brokenLibraries(["libcurl-gnutls.so.4", "libcurl.so.4"], in: nano.sandbox)
            let broken = ["LD_LIBRARY_PATH": folder]
            let remote = try await nano.run(["info"], environment: broken)
            #expect(remote.status != 0, "\(remote)")
            #expect(remote.stderr.contains("cannot load libcurl (install libcurl3-gnutls or libcurl4)"), "\(remote)")
            #expect(remote.stderr.contains(folder + "/libcurl-gnutls.so.4") && remote.stderr.contains(folder + "/libcurl.so.4"), "\(remote)")
            let local = try await nano.run(["--version"], environment: broken)
            #expect(local.status == 0 && local.stdoutText == "0.1.0\n", "\(local)")
        }
    }

    /// Without the GnuTLS build of libcurl, the OpenSSL one serves: a machine with either works.
    @Test func theOpenSSLBuildOfLibcurlServesWhenTheGnuTLSOneCannotBeLoaded() async throws {
        try await NanoFixture.with { nano in
            let folder = try brokenLibraries(["libcurl-gnutls.so.4"], in: nano.sandbox)
            let result = try await nano.run(["info"], environment: ["LD_LIBRARY_PATH": folder, "LD_DEBUG": "files"])
            #expect(result.status == 0, "\(result)")
            #expect(result.stderr.contains("file=libcurl.so.4"), "\(result)")
        }
    }

    /// A GnuTLS build that loads but lacks a function the program calls (here zlib under its
    /// name) is passed over for the OpenSSL one; with neither usable, each reason is said.
    @Test func aLibcurlWithoutTheNeededFunctionsIsPassedOver() async throws {
        try await NanoFixture.with { nano in
            let folder = nano.sandbox.path("wrong-libs")
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let zlib = URL(fileURLWithPath: "/usr/lib/x86_64-linux-gnu/libz.so.1").resolvingSymlinksInPath().path
            try FileManager.default.copyItem(atPath: zlib, toPath: folder + "/libcurl-gnutls.so.4")
            let served = try await nano.run(["info"], environment: ["LD_LIBRARY_PATH": folder, "LD_DEBUG": "files"])
            #expect(served.status == 0, "\(served)")
            #expect(served.stderr.contains("file=libcurl.so.4"), "\(served)")
            #expect(FileManager.default.createFile(atPath: folder + "/libcurl.so.4", contents: Data()))
            let refused = try await nano.run(["info"], environment: ["LD_LIBRARY_PATH": folder])
            #expect(refused.status != 0, "\(refused)")
            #expect(refused.stderr.contains("libcurl-gnutls.so.4 has no curl_global_init (libcurl 7.68 or later is needed); \(folder)/libcurl.so.4"), "\(refused)")
        }
    }

    /// A folder holding an empty file under each name: the loader finds it first and fails.
    private func brokenLibraries(_ names: [String], in sandbox: CLISandbox) throws -> String {
        let folder = sandbox.path("broken-libs")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for name in names { #expect(FileManager.default.createFile(atPath: folder + "/" + name, contents: Data())) }
        return folder
    }

    /// Every command's help fits 80 and 120 columns: no USAGE line listing every option on
    /// one line, no example or paragraph running past the edge.
    @Test func helpFitsTheTerminal() async throws {
        try await Self.forEveryHelp(widths: [80, 120]) { command, width, help in
            for line in help.split(separator: "\n") where line.count > width {
                Issue.record("\(command) at \(width) columns: \(line)")
            }
        }
    }

    /// ArgumentParser wraps a command's discussion at the terminal's width and indents nothing
    /// it wraps, so an example longer than the line went on at column 0, where it reads as
    /// prose. At 60 and 80 columns every line of every help's examples (and of `data query`'s
    /// list of query terms) stays indented: a long example is split with a shell `\` onto an
    /// indented next line.
    @Test func helpExamplesStayIndentedWhenNarrow() async throws {
        var linesRead = 0
        try await Self.forEveryHelp(widths: [60, 80]) { command, width, help in
            let lines = Self.indentedBlocks(help)
            linesRead += lines.count
            for line in lines where !line.hasPrefix("  ") {
                Issue.record("\(command) at \(width) columns, unindented: \(line)")
            }
        }
        // The check reads the lines it means to: most commands have examples.
        #expect(linesRead > 100, "lines read: \(linesRead)")
    }

    /// Runs `check` on the `--help` of every command at each width: the top level, each service
    /// group and its subcommands (read from the group's help), and the other commands.
    private static func forEveryHelp(widths: [Int], _ check: (String, Int, String) -> Void) async throws {
        let sandbox = try CLISandbox()
        defer { sandbox.remove() }
        var commands: [[String]] = [[]]
        let groups = ["data", "cache", "search", "storage", "queue"]
        for group in groups {
            let help = try await sandbox.run([group, "--help"], environment: ["COLUMNS": "200"])
            let names = help.stdoutText.components(separatedBy: "SUBCOMMANDS:").last?.split(separator: "\n")
                .compactMap { $0.hasPrefix("  ") ? $0.split(separator: " ").first.map(String.init) : nil } ?? []
            #expect(names.count >= 5, "\(help)")
            commands += [[group]] + names.map { [group, $0] }
        }
        commands += [["browse"], ["demo"], ["info"], ["nano"], ["paths"], ["completions"], ["journal"], ["undo"], ["cache-clear"]]
        for width in widths {
            for command in commands {
                let help = try await sandbox.run(command + ["--help"], environment: ["COLUMNS": "\(width)"])
                #expect(help.status == 0, "\(command): \(help)")
                check(command.joined(separator: " "), width, help.stdoutText)
            }
        }
    }

    /// The lines of a help's "Examples:" and "Query terms:" blocks, each up to the blank line
    /// that ends it.
    private static func indentedBlocks(_ help: String) -> [Substring] {
        let lines = help.split(separator: "\n", omittingEmptySubsequences: false)
        return lines.indices.filter { ["Examples:", "Query terms:"].contains(lines[$0]) }.flatMap { heading in
            lines[(heading + 1)...].prefix { !$0.isEmpty }
        }
    }

    /// bash: subcommands complete as words (not as file names: a folder named `data` made
    /// `data` complete to `data/`), saved connections complete as the first argument and after
    /// -c, and files complete where a file is expected.
    @Test func bashCompletion() async throws {
        let sandbox = try CLISandbox(config: """
            [connections.prod]
            url = "http://127.0.0.1:1/x"
            [connections.local]
            url = "http://127.0.0.1:2/y"
            """)
        defer { sandbox.remove() }
        let work = sandbox.path("work")
        try FileManager.default.createDirectory(atPath: work + "/data", withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: work + "/movie.json", contents: Data("{}".utf8)))
        let script = try await sandbox.run(["completions", "bash"])
        let scriptPath = try sandbox.write("completion.bash", script.stdoutText)
        let probe = try sandbox.write("probe.bash", """
            cd \(work)
            source \(scriptPath)
            complete -p hyper-vision
            comp() {
                COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}
                read -ra COMP_WORDS <<< "$COMP_LINE"
                [[ "$COMP_LINE" == *" " ]] && COMP_WORDS+=("")
                COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=()
                _hyper-vision hyper-vision "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}" 2>/dev/null
                echo "$1=> ${COMPREPLY[*]}"
            }
            comp "hyper-vision "
            comp "hyper-vision pr"
            comp "hyper-vision da"
            comp "hyper-vision data list -c "
            comp "hyper-vision data add -f mo"
            comp "hyper-vision data get "
            comp "hyper-vision nano --max-"
            """)
        let binDirectory = (hyperVisionBinary as NSString).deletingLastPathComponent
        let result = try await sandbox.run([probe], executable: "/bin/bash",
                                           environment: ["PATH": binDirectory + ":/usr/bin:/bin"])
        let lines = result.stdoutText.split(separator: "\n").map(String.init)
        func completions(_ line: String) -> Set<String> {
            Set(lines.first { $0.hasPrefix(line + "=> ") }?.dropFirst(line.count + 3).split(separator: " ").map(String.init) ?? [])
        }
        #expect(lines.first == "complete -F _hyper-vision hyper-vision", "no -o filenames: \(result)")
        #expect(completions("hyper-vision ").isSuperset(of: ["data", "queue", "prod", "local"]), "\(result)")
        #expect(completions("hyper-vision pr") == ["prod"], "\(result)")
        #expect(completions("hyper-vision da") == ["data"], "\(result)")
        #expect(completions("hyper-vision data list -c ") == ["prod", "local"], "\(result)")
        #expect(completions("hyper-vision data add -f mo") == ["movie.json"], "\(result)")
        #expect(completions("hyper-vision data get ").isEmpty, "no file names for an id: \(result)")
        // the server's options, though the server is another program (NanoOptions)
        #expect(completions("hyper-vision nano --max-") == ["--max-connections", "--max-answer-mib"], "\(result)")
    }
}

/// Copies an executable through a descriptor closed on exec. FileManager's copy leaves its
/// descriptor open across exec: a process another test spawned while the copy was being written
/// kept it open, and running the copy failed with "Text file busy" (seen once in CI).
private func copyExecutable(_ source: String, to destination: String) throws {
    let bytes = try Data(contentsOf: URL(fileURLWithPath: source))
    let fd = open(destination, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o755)
    guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    defer { close(fd) }
    try bytes.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
        var offset = 0
        while offset < buffer.count {
            let written = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            offset += written
        }
    }
}
