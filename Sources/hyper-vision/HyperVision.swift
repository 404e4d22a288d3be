import ArgumentParser

/// The root command. Without a subcommand it opens the browser (added by the TUI work).
@main
struct HyperVision: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hyper-vision",
        abstract: "Browse, script and serve hyper apps from the terminal.",
        version: "0.1.0",
        subcommands: [
            Browse.self, Demo.self,
            InfoCommand.self, DataCommand.self, CacheCommand.self, SearchCommand.self, StorageCommand.self,
            QueueCommand.self, NanoCommand.self, PathsCommand.self, CompletionsCommand.self,
            JournalCommand.self, UndoCommand.self, CacheClearCommand.self,
        ],
        defaultSubcommand: Browse.self
    )
}
