import ArgumentParser

/// The root command. Without a subcommand it opens the browser: `main` names `browse` for it
/// (`namingTheBrowserWhenNoCommandIs` says why not through `defaultSubcommand`).
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
        ]
    )
}
