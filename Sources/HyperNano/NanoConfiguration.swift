import Foundation
import NanoOptions

/// How `hyper-vision nano` runs: where it listens, where it keeps its files, which domain it
/// serves, and whether requests must carry a JWT signed with `secret` for `sub`.
public struct NanoConfiguration: Sendable {
    public var host = "127.0.0.1"
    /// 0 binds any free port; `NanoServer.start()` returns the bound one.
    public var port = 6363
    public var directory: String
    public var domain = "test"
    public var secret: String?
    public var sub: String?
    public var quiet = false
    /// Empties the domain's services before serving.
    public var purge = false
    public var seed: NanoSeed?
    /// SIGINT and SIGTERM stop the server gracefully (the `nano` command sets it; tests do not).
    public var stopsOnSignals = false
    /// Web origins (`https://app.example:8443`) whose pages may call nano; `*` allows any page,
    /// without credentials. Empty: no cross-origin access.
    public var corsOrigins: [String] = []
    public var limits = NanoLimits()

    public init(directory: String) {
        self.directory = directory
    }
}

/// A deterministic sample loaded into the domain on start.
public enum NanoSeed: Sendable, Equatable {
    case demo(size: Int = 5000)
}

extension NanoConfiguration {
    /// `5 s`, `0.25 s`: a duration as `--query-timeout` takes it.
    static func describe(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        if attoseconds == 0 { return "\(seconds) s" }
        return "\(Double(seconds) + Double(attoseconds) / 1e18) s"
    }

    /// `$XDG_DATA_HOME/hyper-vision/nano`, else `~/.local/share/hyper-vision/nano`.
    public static func defaultDirectory(environment: [String: String]) -> String {
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            return xdg + "/hyper-vision/nano"
        }
        let home = environment["HOME"] ?? "."
        return home + "/.local/share/hyper-vision/nano"
    }
}
