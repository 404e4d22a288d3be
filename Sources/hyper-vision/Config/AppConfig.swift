import Foundation
import HyperStore
import TOMLKit

/// The user's config.toml:
///
/// ```toml
/// theme = "default"
///
/// [connections.local]
/// url = "http://127.0.0.1:6363/test"
///
/// [connections.prod]
/// url = "env:HYPER_PROD"      # read the connection string from $HYPER_PROD
/// read_only = true
/// theme = "monochrome"
/// token_command = "pass show hyper/prod"   # or token = "..."
/// cacert = "/etc/ssl/prod-ca.pem"
/// timeout = 60
/// ```
///
/// A saved connection takes every connection flag's setting: `insecure`, `cacert`, `timeout`,
/// `service`, `domain`, `token` or `token_command`, `read_only`, and its own `theme`.
///
/// Unknown keys are ignored so that newer files still load in older builds.
struct AppConfig: Sendable, Equatable {
    /// The global theme name; nil when the file does not set one.
    var theme: String?
    /// Saved connections, sorted by name.
    var connections: [SavedConnection]
    /// The file this was read from (for messages), whether or not it exists.
    var path: String

    init(theme: String? = nil, connections: [SavedConnection] = [], path: String) {
        self.theme = theme
        self.connections = connections
        self.path = path
    }

    /// Reads `paths.configFile`. A missing file is an empty config, not an error: most users
    /// never write one.
    static func load(paths: AppPaths) throws(ConfigError) -> AppConfig {
        let path = paths.configFile
        guard FileManager.default.fileExists(atPath: path) else { return AppConfig(path: path) }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .unreadable(path: path, reason: error.localizedDescription)
        }
        return try parse(text, path: path)
    }

    /// Parses the text of a config file; `path` is only used in messages.
    static func parse(_ text: String, path: String) throws(ConfigError) -> AppConfig {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw .invalidTOML(path: path, line: error.source.begin.line,
                               column: error.source.begin.column, reason: error.description)
        } catch {
            throw .unreadable(path: path, reason: String(describing: error))
        }
        var config = AppConfig(path: path)
        config.theme = try optionalString(table, "theme", key: "theme", path: path)
        if let value = table["connections"] {
            guard let connections = value.table else {
                throw .invalidValue(path: path, key: "connections", expected: "a table of [connections.NAME] tables")
            }
            for name in connections.keys.sorted() {
                config.connections.append(try savedConnection(name, connections[name], path: path))
            }
        }
        return config
    }

    /// The saved connection called `name`, or an error listing the saved names.
    func connection(named name: String) throws(ConfigError) -> SavedConnection {
        guard let saved = connections.first(where: { $0.name == name }) else {
            throw .unknownConnection(name: name, saved: connections.map(\.name), path: path)
        }
        return saved
    }

    private static func savedConnection(_ name: String, _ value: (any TOMLValueConvertible)?,
                                        path: String) throws(ConfigError) -> SavedConnection {
        let key = "connections.\(name)"
        guard let table = value?.table else {
            throw .invalidValue(path: path, key: key, expected: "a table with a `url`")
        }
        guard let url = try optionalString(table, "url", key: key + ".url", path: path), !url.isEmpty else {
            throw .invalidValue(path: path, key: key + ".url",
                                expected: "a connection string (\"http://host:6363/DOMAIN\") or \"env:VARIABLE\"")
        }
        var saved = SavedConnection(name: name, url: url)
        saved.readOnly = try optionalBool(table, "read_only", key: key, path: path) ?? false
        saved.insecure = try optionalBool(table, "insecure", key: key, path: path) ?? false
        saved.theme = try optionalString(table, "theme", key: key + ".theme", path: path)
        saved.cacert = try optionalString(table, "cacert", key: key + ".cacert", path: path)
        saved.service = try optionalString(table, "service", key: key + ".service", path: path)
        saved.domain = try optionalString(table, "domain", key: key + ".domain", path: path)
        if let value = table["timeout"] {
            guard let seconds = value.double ?? value.int.map(Double.init), seconds > 0 else {
                throw .invalidValue(path: path, key: key + ".timeout", expected: "a positive number of seconds")
            }
            saved.timeout = seconds
        }
        let token = try optionalString(table, "token", key: key + ".token", path: path)
        let command = try optionalString(table, "token_command", key: key + ".token_command", path: path)
        switch (token, command) {
        case (let token?, nil): saved.token = .literal(token)
        case (nil, let command?): saved.token = .command(command)
        case (nil, nil): break
        case (_?, _?):
            throw .invalidValue(path: path, key: key + ".token_command", expected: "left out when `token` is given (one or the other)")
        }
        return saved
    }

    private static func optionalBool(_ table: TOMLTable, _ name: String, key: String, path: String) throws(ConfigError) -> Bool? {
        guard let value = table[name] else { return nil }
        guard let bool = value.bool else { throw .invalidValue(path: path, key: key + "." + name, expected: "true or false") }
        return bool
    }

    private static func optionalString(_ table: TOMLTable, _ name: String, key: String,
                                       path: String) throws(ConfigError) -> String? {
        guard let value = table[name] else { return nil }
        guard let string = value.string else {
            throw .invalidValue(path: path, key: key, expected: "a string")
        }
        return string
    }
}
