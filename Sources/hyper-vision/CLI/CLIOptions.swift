import ArgumentParser

/// What every command that talks to hyper takes: the connection options (the same group as the
/// browser's) and how to print.
struct CLIOptions: ParsableArguments {
    @OptionGroup(title: "Connection") var connection: ConnectionOptions

    @Flag(help: "Pretty-print JSON even when stdout is not a terminal.")
    var pretty = false

    var output: JSONOutput { JSONOutput(prettyRequested: pretty) }
    var offline: Bool { connection.offline }
}
