import ArgumentParser
import NanoOptions

/// `hyper-vision nano`: checks the server's options (its help and shell completions are the
/// server's), then runs `hyper-vision-nano` with them (see NanoProgram).
struct NanoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nano",
        _superCommandName: HyperVision.toolName,
        abstract: NanoOptions.abstract,
        usage: "hyper-vision nano [<options>]",
        discussion: NanoOptions.discussion)

    @OptionGroup var options: NanoOptions

    func run() throws {
        // The arguments as typed, after `nano` (the root command takes no options before it).
        try NanoProgram.become(with: Array(CommandLine.arguments.dropFirst(2)))
    }
}
