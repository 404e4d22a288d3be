/// Where hyper-vision keeps its files, following the XDG Base Directory specification: the one
/// resolver of the four folders, so `hyper-vision paths`, the CLI, the browser and the local
/// store always agree.
///
/// Built from an environment dictionary (not read from the process directly) so that tests and
/// the browser can resolve paths for any environment. Nothing here touches the disk.
public struct AppPaths: Sendable, Equatable {
    /// `$XDG_CONFIG_HOME/hyper-vision`: config.toml and the user's themes.
    public var config: String
    /// `$XDG_CACHE_HOME/hyper-vision`: disposable (page cache).
    public var cache: String
    /// `$XDG_STATE_HOME/hyper-vision`: journal, drafts, history, log.
    public var state: String
    /// `$XDG_DATA_HOME/hyper-vision`: the embedded server's data lives under `nano/`.
    public var data: String

    public static let appName = "hyper-vision"

    /// The config file inside the config folder.
    public var configFile: String { config + "/config.toml" }
    /// Where `hyper-vision nano` keeps its databases and files by default.
    public var nanoData: String { data + "/nano" }

    public init(config: String, cache: String, state: String, data: String) {
        self.config = config
        self.cache = cache
        self.state = state
        self.data = data
    }

    /// Resolves the four folders from `XDG_*` variables, falling back to the spec's defaults
    /// under `$HOME`. The spec says relative values are invalid and must be ignored.
    public init(environment: [String: String], home: String? = nil) {
        let home = home ?? environment["HOME"] ?? "/"
        func base(_ variable: String, default relative: String) -> String {
            if let value = environment[variable], value.hasPrefix("/") {
                return Self.trimmingTrailingSlashes(value)
            }
            return Self.trimmingTrailingSlashes(home) + "/" + relative
        }
        config = base("XDG_CONFIG_HOME", default: ".config") + "/" + Self.appName
        cache = base("XDG_CACHE_HOME", default: ".cache") + "/" + Self.appName
        state = base("XDG_STATE_HOME", default: ".local/state") + "/" + Self.appName
        data = base("XDG_DATA_HOME", default: ".local/share") + "/" + Self.appName
    }

    private static func trimmingTrailingSlashes(_ path: String) -> String {
        var path = Substring(path)
        while path.count > 1, path.hasSuffix("/") { path = path.dropLast() }
        return path == "/" ? "" : String(path)
    }
}

extension AppPaths {
    /// The local store's files under these folders.
    public var store: StoreLocations { StoreLocations(cacheDirectory: cache, stateDirectory: state) }
}
