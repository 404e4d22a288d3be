import Foundation

/// The `Authorization` value for a connection: a minted JWT (cached until a minute before it
/// expires, so a burst of requests signs once), a raw bearer token, or nothing without
/// credentials (never the literal `null` the JS SDK sends on storage calls).
final class TokenSource: @unchecked Sendable, CustomReflectable {
    private let key: String?
    private let secret: String?
    private let rawToken: String?
    private let clock: @Sendable () -> Int
    private let lock = NSLock()
    private var cached: (token: String, exp: Int)?

    /// Refresh this many seconds before `exp`: a token must not expire in flight.
    static let refreshMargin = 60

    init(connection: Connection, bearerToken: String?, clock: @escaping @Sendable () -> Int = { Int(Date().timeIntervalSince1970) }) {
        key = connection.key
        secret = connection.secret
        rawToken = bearerToken
        self.clock = clock
    }

    /// The current token, if there is one to send.
    func token() -> String? {
        if let rawToken { return rawToken }
        guard let key, let secret else { return nil }
        let now = clock()
        return lock.withLock {
            if let cached, cached.exp - TokenSource.refreshMargin > now { return cached.token }
            let exp = now + JWT.lifetime
            let token = JWT.sign(sub: key, secret: secret, expires: exp)
            cached = (token, exp)
            return token
        }
    }

    var customMirror: Mirror { Mirror(self, children: [], displayStyle: .class) }

    /// The strings a log must never show: the secret and any token we send.
    func secrets() -> [String] {
        var list: [String] = []
        if let secret { list.append(secret) }
        if let rawToken { list.append(rawToken) }
        if let cached = lock.withLock({ cached }) { list.append(cached.token) }
        return list
    }
}
