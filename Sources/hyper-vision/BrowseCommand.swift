import ArgumentParser
import Foundation
import HyperClient
import VisionRuntime
import VisionTerminal

/// `hyper-vision [CONNECTION]`: the browser, the root command's default.
struct Browse: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "browse",
        _superCommandName: HyperVision.toolName,
        abstract: "Open the terminal browser on a hyper app (the default command).",
        usage: "hyper-vision [browse] [<connection>] [<options>]",
        discussion: """
            CONNECTION is a connection string (http(s)://[KEY:SECRET@]host[:port]/DOMAIN or \
            cloud://KEY:SECRET@host/APP), the name of a connection saved in config.toml, or $HYPER. \
            The connection options are the CLI's; a saved connection can carry them too.
            """
    )

    @Argument(help: ArgumentHelp("Connection string or saved connection name (default: -c, then $HYPER).",
                                 valueName: "connection"),
              completion: .custom { _, _, _ in SavedConnectionNames.all() })
    var target: String?

    @Option(help: "Theme name (default, light, solarized, high-contrast, mono or one of yours).")
    var theme: String?

    @OptionGroup(title: "Connection") var options: ConnectionOptions

    func validate() throws {
        if target != nil && options.connection != nil {
            throw ValidationError("give the connection once: as the argument or with -c")
        }
    }

    mutating func run() async throws {
        let started = Trace.clock
        let options = self.options
        let resolve = { (target: String) throws -> ResolvedConnection in try BrowseConnections.resolve(target, options) }
        let resolved = try BrowseConnections.resolve(target, options)
        try await BrowseSession.run(resolved, theme: theme, offline: options.offline, started: started, resolve: resolve)
    }
}

/// Turns what the user typed (argument, `-c`, `$HYPER`, `:connect`) into a connection with the
/// browser's flags; failures are usage errors.
enum BrowseConnections {
    static func resolve(_ target: String?, _ options: ConnectionOptions) throws -> ResolvedConnection {
        do {
            return try options.resolve(target)
        } catch let error as ConfigError {
            if case .noConnection = error {
                throw ValidationError("no connection: give a connection string (http://127.0.0.1:6363/test) or a saved "
                    + "connection's name, or set $HYPER; `hyper-vision demo` opens sample data")
            }
            throw ValidationError(error.description)
        } catch let error as ConnectionError {
            throw ValidationError(error.description)
        }
    }
}
