import ArgumentParser

struct InfoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        _superCommandName: HyperVision.toolName,
        abstract: "Show the server's name, version and services (GET /).",
        usage: "hyper-vision info [<options>]",
        discussion: """
            Examples:
              hyper-vision info -c http://127.0.0.1:6363/test
              HYPER=cloud://KEY:SECRET@cloud.hyper.io/my-app \\
                hyper-vision info
              hyper-vision info -c local  # saved in config.toml
            """)

    @OptionGroup var options: CLIOptions

    func run() async throws {
        try await options.printAnswer(writes: false) { client in try await client.info() }
    }
}
