import ArgumentParser

/// The root command. Without a subcommand it opens the browser: `main` names `browse` for it
/// (`namingTheBrowserWhenNoCommandIs` says why not through `defaultSubcommand`).
@main
struct HyperVision: AsyncParsableCommand {
    /// The program's name, and each subcommand's super-command: `main` first parses a command
    /// line that starts with a subcommand with that subcommand as the root
    /// (`parsingTheSubcommandAsRoot`), and a root with a super-command leaves the checks only the
    /// real root answers (`--generate-completion-script`) to the real root.
    static let toolName = "hyper-vision"

    /// The super-command a subcommand of the top-level command `command` names:
    /// `hyper-vision data` for `data get` (`parsingTheSubcommandAsRoot` says why).
    static func superCommandName(of command: String) -> String { "\(toolName) \(command)" }

    static let configuration = CommandConfiguration(
        commandName: toolName,
        abstract: "Browse, script and serve hyper apps from the terminal.",
        version: "0.1.0",
        subcommands: [
            Browse.self, Demo.self,
            InfoCommand.self, DataCommand.self, CacheCommand.self, SearchCommand.self, StorageCommand.self,
            QueueCommand.self, NanoCommand.self, PathsCommand.self, CompletionsCommand.self,
            JournalCommand.self, UndoCommand.self, CacheClearCommand.self,
        ]
    )
}

extension ParsableCommand {
    /// What this top-level command's subcommands name as their super-command.
    static var nameAsSuperCommand: String { HyperVision.superCommandName(of: _commandName) }
}
