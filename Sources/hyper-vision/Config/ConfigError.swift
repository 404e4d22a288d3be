import HyperClient

/// What can go wrong reading config.toml or resolving a saved connection. Messages name the
/// file and the place so the user can fix it; they never contain a connection string (secret).
enum ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case invalidTOML(path: String, line: Int, column: Int, reason: String)
    case invalidValue(path: String, key: String, expected: String)
    case unknownConnection(name: String, saved: [String], path: String)
    case unsetVariable(connection: String, variable: String)
    case noConnection(path: String)
    case tokenCommand(connection: String, reason: String)

    var description: String {
        switch self {
        case .unreadable(let path, let reason):
            "cannot read \(path): \(reason)"
        case .invalidTOML(let path, let line, let column, let reason):
            "\(path):\(line):\(column): invalid TOML: \(reason)"
        case .invalidValue(let path, let key, let expected):
            "\(path): `\(key)` must be \(expected)"
        case .unknownConnection(let name, let saved, let path):
            // A mistyped connection string may hold a secret (`key:secret`): echoed masked.
            saved.isEmpty
                ? "no saved connection named '\(Connection.redact(name))': \(path) has no [connections.NAME] tables "
                    + "(a connection string looks like http://host:6363/DOMAIN)"
                : "no saved connection named '\(Connection.redact(name))'; saved in \(path): \(saved.joined(separator: ", "))"
        case .unsetVariable(let connection, let variable):
            "saved connection '\(connection)' reads its URL from $\(variable), which is not set"
        case .tokenCommand(let connection, let reason):
            "the token_command of saved connection '\(connection)' failed: \(reason)"
        case .noConnection(let path):
            "no connection: pass -c CONNECTION (a connection string such as http://127.0.0.1:6363/test, "
                + "or a name saved in \(path)) or set $HYPER"
        }
    }
}
