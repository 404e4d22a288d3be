/// Identifies one hyper app in local state (page cache, journal, drafts) WITHOUT its secret.
///
/// It is built from the parts of a connection (host, cloud app, domain or cloud service name),
/// never from a connection string: there is no initializer that takes a URL, so a secret cannot
/// reach the cache, the journal or a draft through this type. The initializer refuses parts that
/// look like they carry credentials (`@`), so a mistaken `host: "key:secret@host"` fails loudly.
public struct AppKey: Sendable, Hashable, CustomStringConvertible {
    /// `host[:port]` as the connection has it, lowercased.
    public let host: String
    /// The cloud app name; nil for OSS and nano connections.
    public let app: String?
    /// The OSS domain, or the cloud service name.
    public let domain: String

    public init(host: String, app: String? = nil, domain: String) throws(AppKeyError) {
        try Self.check(host, part: "host", allowsColon: true)
        if let app { try Self.check(app, part: "app", allowsColon: false) }
        try Self.check(domain, part: "domain", allowsColon: false)
        self.host = host.lowercased()
        self.app = app
        self.domain = domain
    }

    /// The stable text stored in every table and file name: `host/app/domain` (app `-` when absent).
    public var id: String { "\(host)/\(app ?? "-")/\(domain)" }

    public var description: String { id }

    /// Rebuilds a key from `id` (as stored); nil when the text is not one.
    public init?(id: String) {
        let parts = id.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3,
              let key = try? AppKey(host: parts[0], app: parts[1] == "-" ? nil : parts[1], domain: parts[2])
        else { return nil }
        self = key
    }

    private static func check(_ value: String, part: String, allowsColon: Bool) throws(AppKeyError) {
        if value.isEmpty { throw AppKeyError(part: part, reason: "is empty") }
        if value.contains("@") {
            throw AppKeyError(part: part, reason: "contains '@' (credentials are never part of an app key)")
        }
        if value.contains("/") { throw AppKeyError(part: part, reason: "contains '/'") }
        if !allowsColon && value.contains(":") { throw AppKeyError(part: part, reason: "contains ':'") }
        if value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f || $0 == " " }) {
            throw AppKeyError(part: part, reason: "contains spaces or control characters")
        }
    }
}

public struct AppKeyError: Error, Sendable, Equatable, CustomStringConvertible {
    public let part: String
    public let reason: String
    // The offending value is deliberately not echoed: it may be a secret typed in the wrong place.
    public var description: String { "invalid app key: the \(part) \(reason)" }
}
