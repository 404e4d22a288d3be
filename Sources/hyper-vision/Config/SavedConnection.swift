/// A connection saved in config.toml under `[connections.NAME]`.
struct SavedConnection: Sendable, Equatable {
    var name: String
    /// A connection string, or `env:VAR` to read it from an environment variable at use time
    /// (so the secret need not be written into the file).
    var url: String
    /// Refuse writes through this connection (the CLI's write commands and the TUI's edits).
    var readOnly: Bool
    /// The theme for this connection, overriding the global one.
    var theme: String?

    /// The connection string itself: `url`, or the value of the variable it names.
    func connectionString(environment: [String: String]) throws(ConfigError) -> String {
        guard url.hasPrefix("env:") else { return url }
        let variable = String(url.dropFirst("env:".count))
        guard let value = environment[variable], !value.isEmpty else {
            throw ConfigError.unsetVariable(connection: name, variable: variable)
        }
        return value
    }
}
