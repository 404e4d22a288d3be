import ArgumentParser
import Dispatch
import Glibc
import HyperClient

extension HyperVision {
    /// The program's entry point, replacing ArgumentParser's default to keep the scripting exit
    /// codes: ArgumentParser exits 64 (EX_USAGE) on bad usage, our contract says 2; our own
    /// failures print one `error:` line on stderr and exit with their code.
    ///
    /// A CLI command runs on the main thread (`MainThreadExecutor` says why). The browser (`browse`,
    /// the default, and `demo`) draws from the main actor: it runs as Swift's async `main`
    /// would, with the main queue served once the main thread parks. Nonisolated, so that the
    /// command's closure is not tied to the main actor, whose queue a CLI command never serves.
    nonisolated static func main() {
        let command: ParsableCommand
        do {
            command = try parse(Array(CommandLine.arguments.dropFirst()))
        } catch {
            fail(error)
        }
        if command is Browse || command is Demo {
            runOnTheMainQueue(command)
        } else {
            runOnTheMainThread(command)
        }
    }

    /// The command a command line names: through `parsingTheSubcommandAsRoot` when it can, with
    /// `browse` named when no command is.
    private nonisolated static func parse(_ arguments: [String]) throws -> sending ParsableCommand {
        if let command = parsingTheSubcommandAsRoot(arguments) { return command }
        guard namesNoCommand(arguments) else { return try parseAsRoot(arguments) }
        let browsing = [Browse._commandName] + arguments
        if let browse = parsingTheSubcommandAsRoot(browsing) { return browse }
        do {
            return try parseAsRoot(browsing)
        } catch {
            throw commandAfterOptions(arguments) ?? error
        }
    }

    /// A line the browser refused because options came before the command (`-c prod data get
    /// a`, as git and kubectl take them): the browser's own complaint would be about a second
    /// connection or unexpected arguments, so the message names the line in the order taken.
    private nonisolated static func commandAfterOptions(_ arguments: [String]) -> ValidationError? {
        let commands = names(of: configuration.subcommands.filter { $0 != Browse.self })
        guard let index = arguments.indices.dropFirst().first(where: { commands.contains(arguments[$0]) }) else { return nil }
        let reordered = Array(arguments[index...] + arguments[..<index])
        return ValidationError("the command comes first, its options after it: \(toolName) \(ShellWords.line(reordered))")
    }

    /// The browser is the command when none is named: `hyper-vision`, `hyper-vision prod`,
    /// `hyper-vision -c prod --theme mono`. ArgumentParser's `defaultSubcommand` does this by
    /// building the browser's whole argument set on every command line, the other commands'
    /// too (3 M instructions, a fifth of a CLI command's start), so `main` names `browse`
    /// itself, in front of a first argument that names no subcommand and is none of the root's
    /// own (help, version, completion scripts and the completion scripts' call back,
    /// `---completion`). Asked only when the command line does not start with a command of
    /// ours: the words are every subcommand's names, and reading all fourteen configurations
    /// took a `data get` 0.1 M instructions more than finding its own.
    private nonisolated static func namesNoCommand(_ arguments: [String]) -> Bool {
        guard let first = arguments.first else { return true }
        return !rootWords.contains(first) && !first.hasPrefix("--generate-completion-script")
    }

    /// A command line that starts with a subcommand, parsed with its last subcommand as the
    /// root (`get` for `data get ID`): ArgumentParser then builds neither the root's arguments
    /// nor the two commands it parses on every command line to find a completion-script request
    /// (about 2.4 M instructions, 7% of a `data get`), nor the arguments of the commands between
    /// (a group's, and its subcommand's once more to learn whether it takes all the arguments
    /// that follow: about 2.9 M instructions, 9% of a `data get`). A command is parsed as a
    /// root when it names a super-command (`_superCommandName`): each top-level subcommand
    /// names `hyper-vision`, each subcommand of a service's group its group
    /// (`nameAsSuperCommand`).
    /// Whenever this parse gives a command of ours, the full parse gives the same: neither the
    /// root nor a group has options of its own, and what only the root answers (`--version`,
    /// `--generate-completion-script`, `--experimental-dump-help`) is an error here. Nil, and
    /// the full parse answers, on any error, and for ArgumentParser's help command (`-h`,
    /// `--help`, `help`), whose help would leave out the root's `--version`.
    private nonisolated static func parsingTheSubcommandAsRoot(_ arguments: [String]) -> ParsableCommand? {
        var root: ParsableCommand.Type?
        var rest = arguments[...]
        while let first = rest.first,
              let subcommand = (root ?? Self.self).configuration.subcommands.first(where: {
                  $0._commandName == first || $0.configuration.aliases.contains(first)
              }),
              subcommand.configuration._superCommandName != nil {
            root = subcommand
            rest = rest.dropFirst()
        }
        guard let root, let command = try? root.parseAsRoot(Array(rest)), type(of: command)._commandName != "help"
        else { return nil }
        return command
    }

    /// The subcommands' names and aliases, and the arguments ArgumentParser gives the root.
    private nonisolated static var rootWords: Set<String> {
        names(of: configuration.subcommands).union(["help", "-h", "--help", "--version", "--experimental-dump-help", "---completion"])
    }

    /// The names and aliases of these commands.
    private nonisolated static func names(of commands: [ParsableCommand.Type]) -> Set<String> {
        Set(commands.flatMap { [$0._commandName] + $0.configuration.aliases })
    }

    private nonisolated static func runOnTheMainThread(_ command: sending ParsableCommand) {
        MainThreadExecutor.run { await run(command) }
    }

    private nonisolated static func runOnTheMainQueue(_ command: sending ParsableCommand) -> Never {
        Task {
            await run(command)
            Glibc.exit(0)
        }
        dispatchMain()
    }

    private nonisolated static func run(_ command: ParsableCommand) async {
        do {
            try await run(opened: command)
        } catch {
            fail(error)
        }
    }

    /// `command` opened to its own type, so that the cast below asks the runtime one question:
    /// whether that type is async. Cast from `any ParsableCommand`, it first asked the same of
    /// the existential type itself, a conformance lookup that scans all of the binary's 7,300
    /// records (0.3 M instructions, a tenth of a `data get`'s own work after its parse).
    private nonisolated static func run<Command: ParsableCommand>(opened command: Command) async throws {
        if var asyncCommand = command as? AsyncParsableCommand {
            try await asyncCommand.run()
        } else {
            var command = command
            try command.run()
        }
    }

    /// Our own failures leave through `_exit`: their message is written (unbuffered), SQLite's
    /// files need no close (the journal syncs each entry; the next opener recovers a WAL), and
    /// `exit` would wait for a libcurl load still under way (CNetworkCommandStart: a usage
    /// error of a network command took 4.5 ms longer).
    private static func fail(_ error: any Error) -> Never {
        if let code = reportedExitCode(for: error) { Glibc._exit(code) }
        guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
        StandardStreams.writeError(fullMessage(for: error))
        Glibc._exit(CLIFailure.usageExitCode)
    }

    /// Prints the errors the CLI knows and returns their exit code; nil for ArgumentParser's own.
    private static func reportedExitCode(for error: any Error) -> Int32? {
        switch error {
        case let failure as CLIFailure:
            StandardStreams.writeError("error: \(failure.message)")
            return failure.exitCode
        case let failure as HyperError:
            StandardStreams.writeError("error: \(failure)")
            return failure.exitCode
        case is ConnectionError, is ConfigError:
            StandardStreams.writeError("error: \(error)")
            return CLIFailure.usageExitCode
        default:
            return nil
        }
    }
}
