import ArgumentParser

/// The root command. Without a subcommand it opens the browser (added by the TUI work).
@main
struct HyperVision: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hyper-vision",
        abstract: "Browse, script and serve hyper apps from the terminal.",
        subcommands: [Browse.self, Demo.self, NanoCommand.self],
        defaultSubcommand: Browse.self
    )
}
