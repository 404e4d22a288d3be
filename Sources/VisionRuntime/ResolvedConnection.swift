import HyperClient
import VisionCore

/// A connection chosen by name or string, with everything both front ends need to open it: the
/// client options, why writes are refused (the one place that decides it), and how the title
/// bar shows it.
public struct ResolvedConnection: Sendable {
    public let connection: Connection
    public let options: ClientOptions
    /// The saved connection's name, if it was opened by name.
    public let savedName: String?
    /// The saved connection's own theme, if any.
    public let theme: String?
    /// `--read-only`, or `read_only = true` on the saved connection; nil when writes are allowed.
    public let readOnlyReason: String?

    public init(_ connection: Connection, options: ClientOptions = ClientOptions(), savedName: String? = nil,
         theme: String? = nil, readOnlyReason: String? = nil) {
        self.connection = connection
        self.options = options
        self.savedName = savedName
        self.theme = theme
        self.readOnlyReason = readOnlyReason
    }

    /// As the browser shows it: the secret never appears.
    public var info: ConnectionInfo {
        let label = savedName.map { "\($0) \(connection.redacted)" } ?? connection.redacted
        return ConnectionInfo(label: label, domain: connection.domain, readOnlyReason: readOnlyReason)
    }

    public func withDomain(_ domain: String) -> ResolvedConnection {
        ResolvedConnection(connection.withDomain(domain), options: options, savedName: savedName, theme: theme,
                           readOnlyReason: readOnlyReason)
    }
}
