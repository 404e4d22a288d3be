import HyperModel

/// A parsed hyper connection string and the URL layout it implies (hyper-api.md 2.1-2.2):
///
/// - `cloud://[KEY:SECRET@]host/APP` -> `https://host/APP/{service}/{servicename}` (default `default`)
/// - `http(s)://[KEY:SECRET@]host[:port][/DOMAIN]` -> `http(s)://host[:port]/{service}/DOMAIN`
///
/// The secret is kept only to sign tokens; every textual form of a `Connection` masks it.
public struct Connection: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    public let isCloud: Bool
    /// `http` or `https` (cloud is always `https`).
    public let scheme: String
    /// `host[:port]`, exactly as written.
    public let host: String
    /// The cloud app name (the path of a `cloud://` string); nil for OSS.
    public let app: String?
    /// OSS: the domain (the path of the string). Cloud: the service name, default `default`.
    public private(set) var domain: String
    /// The key (JWT `sub`), raw as written.
    public let key: String?
    /// The secret, raw as written: signs the JWT. Never printed.
    let secret: String?

    public var hasSecret: Bool { secret != nil }

    /// The connection string with the secret shown as `****`.
    public var redacted: String {
        let origin = isCloud ? "cloud" : scheme
        let credentials = key.map { k in hasSecret ? "\(k):****@" : "\(k)@" } ?? ""
        let path = isCloud ? "/" + (app ?? "") : (domain.isEmpty ? "" : "/" + domain)
        return "\(origin)://\(credentials)\(host)\(path)"
    }

    public var description: String { redacted }
    public var debugDescription: String { "Connection(\(redacted), domain: \(domain))" }
    public var customMirror: Mirror {
        Mirror(self, children: ["redacted": redacted, "domain": domain], displayStyle: .struct)
    }

    /// `GET /`: no app prefix, no domain.
    public var infoURL: String { "\(scheme)://\(host)/" }

    /// The URL of a service call: the service base, then each `path` element percent-encoded as
    /// one segment (so `a/b` inside an id stays inside it), then the query in the given order.
    ///
    /// A call that would address something other than what it names is refused: any call
    /// under a connection without a domain (`/data/ID` is the database named ID, `/data/` the
    /// service's own description, not a list), or an empty path element (`DELETE /data/test/`
    /// is hyper's "drop the database").
    public func url(_ service: HyperService, path: [String] = [], query: [(String, String)] = []) throws(HyperError) -> String {
        if domain.isEmpty {
            let what = path.isEmpty ? "" : ", so '\(path.joined(separator: "/"))' would be taken for one (/\(service.rawValue)/\(path[0]))"
            throw .unaddressable("the connection names no domain\(what); add the domain to the connection string "
                + "(http://host:port/DOMAIN) or pass --domain")
        }
        if path.contains(where: \.isEmpty) {
            throw .unaddressable(path.count == 1
                ? "the id, key or name is empty; it would address the whole \(service.rawValue) service of domain '\(domain)'"
                : "'\(path.joined(separator: "/"))' has an empty part; it would address something else")
        }
        var url = "\(scheme)://\(host)"
        if isCloud, let app { url += "/" + URLEncoding.segment(app) }
        url += "/" + service.rawValue + "/" + URLEncoding.segment(domain)
        for segment in path { url += "/" + URLEncoding.segment(segment) }
        if !query.isEmpty { url += "?" + URLEncoding.query(query) }
        return url
    }

    /// The same connection with another OSS domain (or, for cloud, another service name).
    public func withDomain(_ domain: String) -> Connection {
        var copy = self
        copy.domain = domain
        return copy
    }

    public static func == (lhs: Connection, rhs: Connection) -> Bool {
        lhs.isCloud == rhs.isCloud && lhs.scheme == rhs.scheme && lhs.host == rhs.host && lhs.app == rhs.app
            && lhs.domain == rhs.domain && lhs.key == rhs.key && lhs.secret == rhs.secret
    }

    init(isCloud: Bool, scheme: String, host: String, app: String?, domain: String, key: String?, secret: String?) {
        self.isCloud = isCloud
        self.scheme = scheme
        self.host = host
        self.app = app
        self.domain = domain
        self.key = key
        self.secret = secret
    }
}
