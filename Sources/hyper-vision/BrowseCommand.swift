import ArgumentParser
import Foundation
import HyperClient

/// `hyper-vision [CONNECTION]`: the browser, the root command's default.
struct Browse: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "browse",
        abstract: "Open the terminal browser on a hyper app (the default command).",
        discussion: """
            CONNECTION is a connection string (http(s)://[KEY:SECRET@]host[:port]/DOMAIN or \
            cloud://KEY:SECRET@host/APP), or taken from $HYPER.
            """
    )

    @Argument(help: "Connection string (default: $HYPER).")
    var connection: String?

    @Option(help: "Theme name (default, light, solarized, high-contrast, mono or one of yours).")
    var theme: String?

    @Flag(help: "Refuse every write.")
    var readOnly = false

    @Flag(help: "Skip TLS certificate verification.")
    var insecure = false

    mutating func run() async throws {
        let target = connection ?? ProcessInfo.processInfo.environment["HYPER"]
        guard let target, !target.isEmpty else {
            throw ValidationError("give a connection string or set $HYPER (try `hyper-vision demo` for sample data)")
        }
        var settings = BrowseSession.Settings(theme: theme, readOnly: readOnly)
        settings.options.insecure = insecure
        let resolved = try BrowseConnections.resolve(target)
        try await BrowseSession.run(resolved, settings: settings, resolve: BrowseConnections.resolve)
    }
}

/// Turns what the user typed (`:connect`, the argument) into a connection.
enum BrowseConnections {
    static func resolve(_ target: String) throws -> ResolvedConnection {
        do {
            return BrowseSession.resolved(try Connection.parse(target))
        } catch {
            throw ValidationMessage(text: error.description)
        }
    }
}
