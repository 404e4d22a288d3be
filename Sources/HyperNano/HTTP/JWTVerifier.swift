import Crypto
import Foundation
import HyperJSON

/// Verifies the HS256 bearer tokens the SDKs mint from `key:secret` (hyper-api.md 2.4):
/// signature (constant-time), `sub` equal to the configured key, and, when present, `exp` (the
/// token has not expired) and `nbf` (it is already valid), as djwt's verify in hyper's recipe.
struct JWTVerifier: Sendable {
    /// Clock skew allowed on `exp` and `nbf` (djwt's default).
    static let leewaySeconds = 1.0

    let key: SymmetricKey
    let sub: String

    init(secret: String, sub: String) {
        self.key = SymmetricKey(data: Data(secret.utf8))
        self.sub = sub
    }

    func isAuthorized(_ authorization: String?, now: Date = Date()) -> Bool {
        guard let authorization, authorization.hasPrefix("Bearer ") else { return false }
        let parts = authorization.dropFirst("Bearer ".count).trimmingCharacters(in: .whitespaces)
            .split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3,
            let headerData = Self.base64URLDecode(parts[0]),
            let payloadData = Self.base64URLDecode(parts[1]),
            let signature = Self.base64URLDecode(parts[2]),
            let header = try? JSON.parse(Array(headerData)),
            header["alg"]?.stringValue == "HS256",
            HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: Data("\(parts[0]).\(parts[1])".utf8), using: key),
            let payload = try? JSON.parse(Array(payloadData)),
            payload["sub"]?.stringValue == sub
        else { return false }
        let time = now.timeIntervalSince1970
        return Self.holds(payload["exp"]) { time < $0 + Self.leewaySeconds }
            && Self.holds(payload["nbf"]) { time >= $0 - Self.leewaySeconds }
    }

    /// A time claim that is absent (or null), or a number of seconds satisfying `condition`.
    private static func holds(_ claim: JSON?, _ condition: (Double) -> Bool) -> Bool {
        guard let claim, !claim.isNull else { return true }
        guard let seconds = claim.doubleValue, seconds.isFinite else { return false }
        return condition(seconds)
    }

    static func base64URLDecode(_ text: Substring) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }
}
