import ArgumentParser

/// `hyper-vision nano`: runs `hyper-vision-nano` with the arguments given (see NanoProgram), so
/// `hyper-vision nano --help` is the server's own help.
struct NanoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nano",
        abstract: "Serve a local hyper-compatible API: data, cache, search, storage and queue.",
        usage: "hyper-vision nano [<options>]  (hyper-vision nano --help lists them)",
        // No help flag of its own: `--help` goes on to the server, whose options these are.
        helpNames: [])

    @Argument(parsing: .captureForPassthrough, help: "The server's options.")
    var options: [String] = []

    func run() throws {
        try NanoProgram.become(with: options)
    }
}
