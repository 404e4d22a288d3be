import ArgumentParser
import Foundation
import HyperClient
import VisionTerminal

/// `hyper-vision [CONNECTION]`: the browser, the root command's default.
struct Browse: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "browse",
        abstract: "Open the terminal browser on a hyper app (the default command).",
        usage: "hyper-vision [browse] [<connection>] [<options>]",
        discussion: """
            CONNECTION is a connection string (http(s)://[KEY:SECRET@]host[:port]/DOMAIN or \
            cloud://KEY:SECRET@host/APP), the name of a connection saved in config.toml, or $HYPER.
            """
    )

    @Argument(help: "Connection string or saved connection name (default: $HYPER).",
              completion: .custom { _, _, _ in SavedConnectionNames.all() })
    var connection: String?

    @Option(help: "Theme name (default, light, solarized, high-contrast, mono or one of yours).")
    var theme: String?

    @Flag(help: "Refuse every write.")
    var readOnly = false

    @Flag(help: "Do not touch the network: browse the pages cached earlier.")
    var offline = false

    @Flag(help: "Skip TLS certificate verification.")
    var insecure = false

    mutating func run() async throws {
        let started = Trace.clock
        var settings = BrowseSession.Settings(theme: theme, readOnly: readOnly)
        settings.options.insecure = insecure
        settings.offline = offline
        let resolved = try BrowseConnections.resolve(connection ?? ProcessEnvironment.value("HYPER"))
        try await BrowseSession.run(resolved, settings: settings, started: started,
                                    resolve: { try BrowseConnections.resolve($0) })
    }
}

/// Turns what the user typed (argument, `$HYPER`, `:connect`) into a connection: a connection
/// string, or the name of a saved connection in config.toml.
enum BrowseConnections {
    static func resolve(_ target: String?) throws -> ResolvedConnection {
        guard let target, !target.isEmpty else {
            throw ValidationError("no connection: give a connection string (http://127.0.0.1:6363/test) or a saved "
                + "connection's name, or set $HYPER; `hyper-vision demo` opens sample data")
        }
        do {
            let resolved = try ConnectionResolver(environment: ProcessEnvironment.all).resolve(target)
            return ResolvedConnection(resolved.connection, savedName: resolved.saved?.name, theme: resolved.saved?.theme,
                                      readOnly: resolved.saved?.readOnly ?? false)
        } catch let error as ConfigError {
            throw ValidationError(error.description)
        } catch let error as ConnectionError {
            throw ValidationError(error.description)
        }
    }
}
