/// A connection saved in config.toml under `[connections.NAME]`, with the settings the
/// connection flags would otherwise give (the flags win over them).
struct SavedConnection: Sendable, Equatable {
    var name: String
    /// A connection string, or `env:VAR` to read it from an environment variable at use time
    /// (so the secret need not be written into the file).
    var url: String
    /// Refuse writes through this connection (the CLI's write commands and the TUI's edits).
    var readOnly = false
    /// The theme for this connection, overriding the global one.
    var theme: String?
    /// `insecure = true`: do not verify the server's TLS certificate.
    var insecure = false
    /// `cacert = "FILE"`: verify TLS with these CA certificates.
    var cacert: String?
    /// `timeout = SECONDS` per request.
    var timeout: Double?
    /// The cloud service name, or the OSS domain instead of the connection string's.
    var service: String?
    var domain: String?
    /// Where the bearer token comes from, when not from a JWT signed with the secret.
    var token: TokenSource?

    enum TokenSource: Sendable, Equatable {
        /// `token = "..."`, written in the file.
        case literal(String)
        /// `token_command = "pass show hyper/prod"`: run when the connection is opened; its
        /// output is the token. Never logged, never written to disk.
        case command(String)
    }

    /// The connection string itself: `url`, or the value of the variable it names.
    func connectionString(environment: [String: String]) throws(ConfigError) -> String {
        guard url.hasPrefix("env:") else { return url }
        let variable = String(url.dropFirst("env:".count))
        guard let value = environment[variable], !value.isEmpty else {
            throw ConfigError.unsetVariable(connection: name, variable: variable)
        }
        return value
    }

    /// The bearer token this connection sends, running its `token_command` if it has one.
    func bearerToken() throws(ConfigError) -> String? {
        switch token {
        case nil: nil
        case .literal(let value): value
        case .command(let command): try TokenCommand.run(command, connection: name)
        }
    }
}
