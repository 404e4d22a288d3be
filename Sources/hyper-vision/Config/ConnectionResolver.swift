import HyperClient
import HyperStore

/// Turns what the user typed (a connection string, or the name of a saved connection) into a
/// `Connection`. Shared by the CLI (`-c`, `$HYPER`) and the browser (`hyper-vision NAME`).
struct ConnectionResolver {
    var paths: AppPaths
    var environment: [String: String]

    init(environment: [String: String], paths: AppPaths? = nil) {
        self.environment = environment
        self.paths = paths ?? AppPaths(environment: environment)
    }

    struct Resolved {
        var connection: Connection
        /// The saved connection it came from, when a name was given (read-only flag, theme).
        var saved: SavedConnection?
    }

    /// Anything with `://` or credentials (`KEY:SECRET@`) is a connection string, however
    /// malformed, so its error masks the secret; anything else names a saved connection, whose
    /// service and domain apply unless given here.
    /// config.toml is only read for names, so a broken file never blocks a plain connection string.
    func resolve(_ text: String?, serviceName: String? = nil, domain: String? = nil) throws -> Resolved {
        guard let text, !text.isEmpty else {
            throw ConfigError.noConnection(path: paths.configFile)
        }
        if text.contains("://") || Connection.holdsCredentials(text) {
            return Resolved(connection: try Connection.parse(text, serviceName: serviceName, domain: domain))
        }
        let saved = try AppConfig.load(paths: paths).connection(named: text)
        let string = try saved.connectionString(environment: environment)
        let connection = try Connection.parse(string, serviceName: serviceName ?? saved.service, domain: domain ?? saved.domain)
        return Resolved(connection: connection, saved: saved)
    }
}
