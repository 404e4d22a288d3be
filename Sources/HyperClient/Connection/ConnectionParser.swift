import Foundation
import HyperJSON

extension Connection {
    /// Parses a connection string. `serviceName` picks the cloud service name (default
    /// `default`); `domain` overrides the OSS domain taken from the path.
    public static func parse(_ text: String, serviceName: String? = nil, domain: String? = nil)
        throws(ConnectionError) -> Connection
    {
        func fail(_ reason: String) -> ConnectionError { ConnectionError(reason, input: text) }

        let trimmed = text.trimmingWhitespace
        guard !trimmed.isEmpty else { throw fail("it is empty") }
        guard let schemeEnd = trimmed.range(of: "://") else {
            throw fail("it has no scheme (it must start with cloud://, http:// or https://)")
        }
        let scheme = trimmed[..<schemeEnd.lowerBound].lowercased()
        guard ["cloud", "http", "https"].contains(scheme) else {
            throw fail("the scheme must be cloud, http or https")
        }
        let rest = trimmed[schemeEnd.upperBound...]
        if rest.contains("?") || rest.contains("#") {
            throw fail("it must not contain a query (?) or fragment (#)")
        }
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<slash]
        let path = rest[slash...].trimmingSlashes

        var key: String?
        var secret: String?
        var hostPart = authority
        if let at = authority.lastIndex(of: "@") {
            let userInfo = authority[..<at]
            hostPart = authority[authority.index(after: at)...]
            guard let colon = userInfo.firstIndex(of: ":") else {
                throw fail("credentials must be KEY:SECRET (the secret is missing)")
            }
            let k = String(userInfo[..<colon])
            let s = String(userInfo[userInfo.index(after: colon)...])
            guard !k.isEmpty else { throw fail("the KEY before ':' is empty") }
            guard !s.isEmpty else { throw fail("the SECRET after ':' is empty") }
            key = k
            secret = s
        }
        try validateHost(hostPart, fail: fail)

        if path.contains("/") {
            throw fail(scheme == "cloud"
                ? "the path must be just the app name (cloud://host/APP)"
                : "the path must be just the domain (http://host:port/DOMAIN)")
        }
        // The path is URL syntax, as the SDKs send it (`te%20st` is the domain `te st`); the URL
        // builder encodes the name again. `.` and `..` would be read as folders: no name.
        guard let name = path.percentDecoded else {
            throw fail("the path has a % that does not start an escape like %20")
        }
        if name == "." || name == ".." { throw fail("the path '\(name)' names a folder, not a \(scheme == "cloud" ? "app" : "domain")") }
        if scheme == "cloud" {
            guard !name.isEmpty else { throw fail("a cloud:// string needs the app name as its path") }
            let service = serviceName ?? domain ?? "default"
            guard !service.isEmpty else { throw fail("the service name is empty") }
            return Connection(isCloud: true, scheme: "https", host: String(hostPart), app: name,
                              domain: service, key: key, secret: secret)
        }
        return Connection(isCloud: false, scheme: scheme, host: String(hostPart), app: nil,
                          domain: domain ?? name, key: key, secret: secret)
    }

    /// `host`, `host:port` or `[v6]:port`; the port, when present, is 1...65535. Messages never
    /// echo the port text: a forgotten host turns `KEY:SECRET` into "host:port".
    private static func validateHost(_ host: Substring, fail: (String) -> ConnectionError) throws(ConnectionError) {
        guard !host.isEmpty else { throw fail("the host is missing") }
        var name = host
        var port: Substring?
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { throw fail("the IPv6 host has no closing ']'") }
            name = host[...close]
            let after = host[host.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw fail("unexpected text after the IPv6 host") }
                port = after.dropFirst()
            }
        } else if let colon = host.firstIndex(of: ":") {
            name = host[..<colon]
            port = host[host.index(after: colon)...]
        }
        guard name.count > (name.hasPrefix("[") ? 2 : 0) else { throw fail("the host is missing") }
        if name.contains(where: { $0.isWhitespace || $0 == "\\" || $0 == "%" }) {
            throw fail("the host contains characters a host name cannot have")
        }
        if let port {
            guard !port.isEmpty, port.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(port), (1...65535).contains(n) else {
                throw fail("the port must be a number from 1 to 65535")
            }
        }
    }
}

extension StringProtocol {
    var trimmingSlashes: Substring {
        let s = Substring(self)
        guard let first = s.firstIndex(where: { $0 != "/" }),
              let last = s.lastIndex(where: { $0 != "/" }) else { return s[s.endIndex...] }
        return Substring(s[first...last])
    }
}
