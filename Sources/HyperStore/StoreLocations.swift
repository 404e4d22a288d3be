/// Where local state lives (XDG): the one place that names the store's files, so the browser,
/// the CLI and `hyper-vision paths` agree.
///
/// Typical wiring:
/// ```swift
/// let places = StoreLocations(environment: ProcessInfo.processInfo.environment)
/// let cache = try PageCache(path: places.cacheFile, sizeCap: config.cacheSizeCap)
/// let journal = try Journal(path: places.journalFile)
/// let drafts = try Drafts(directory: places.draftsDirectory)
/// ```
public struct StoreLocations: Sendable, Equatable {
    /// `$XDG_CACHE_HOME/hyper-vision` (default `~/.cache/hyper-vision`): disposable.
    public let cacheDirectory: String
    /// `$XDG_STATE_HOME/hyper-vision` (default `~/.local/state/hyper-vision`): journal, drafts.
    public let stateDirectory: String

    public init(cacheDirectory: String, stateDirectory: String) {
        self.cacheDirectory = cacheDirectory
        self.stateDirectory = stateDirectory
    }

    /// From `XDG_CACHE_HOME`, `XDG_STATE_HOME` and `HOME`; relative XDG values are ignored, as
    /// the XDG spec requires.
    public init(environment: [String: String]) {
        func base(_ variable: String, fallback: String) -> String {
            if let value = environment[variable], value.hasPrefix("/") { return value }
            return (environment["HOME"] ?? "/") + fallback
        }
        self.init(cacheDirectory: base("XDG_CACHE_HOME", fallback: "/.cache") + "/hyper-vision",
                  stateDirectory: base("XDG_STATE_HOME", fallback: "/.local/state") + "/hyper-vision")
    }

    public var cacheFile: String { cacheDirectory + "/cache.sqlite" }
    public var journalFile: String { stateDirectory + "/journal.sqlite" }
    public var draftsDirectory: String { stateDirectory + "/drafts" }
}
