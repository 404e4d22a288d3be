import Crypto
import Foundation
import HyperJSON

/// HS256 JSON Web Tokens as hyper's SDKs mint them (hyper-api.md 2.4): header
/// `{"alg":"HS256","typ":"JWT"}`, claims `sub` (the key) and `exp`, no `iat`, signed with the
/// secret's raw text.
public enum JWT {
    /// Lifetime of a minted token: the Deno SDK's 5 minutes.
    public static let lifetime: Int = 300

    public static func sign(sub: String, secret: String, expires exp: Int) -> String {
        let header: JSON = ["alg": "HS256", "typ": "JWT"]
        let claims: JSON = ["sub": .string(sub), "exp": .number(JSONNumber(exp))]
        let signingInput = base64URL(header.compactBytes) + "." + base64URL(claims.compactBytes)
        let mac = HMAC<SHA256>.authenticationCode(for: Array(signingInput.utf8), using: key(secret))
        return signingInput + "." + base64URL(Array(mac))
    }

    /// The claims of `token` when its HS256 signature matches `secret` and it has not expired at
    /// `now` (epoch seconds); nil otherwise. The comparison is constant time.
    public static func verify(_ token: String, secret: String, now: Int) -> JSON? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3,
              let headerBytes = decodeBase64URL(parts[0]), let claimBytes = decodeBase64URL(parts[1]),
              let signature = decodeBase64URL(parts[2]),
              let header = try? JSON.parse(headerBytes), header["alg"]?.stringValue == "HS256",
              let claims = try? JSON.parse(claimBytes), claims.objectValue != nil
        else { return nil }
        let signingInput = Array(parts[0].utf8) + [UInt8(ascii: ".")] + Array(parts[1].utf8)
        guard HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: signingInput, using: key(secret))
        else { return nil }
        if let exp = claims["exp"]?.intValue, exp <= now { return nil }
        return claims
    }

    private static func key(_ secret: String) -> SymmetricKey { SymmetricKey(data: Array(secret.utf8)) }

    static func base64URL(_ bytes: [UInt8]) -> String {
        var text = Data(bytes).base64EncodedString()
        text = text.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        while text.hasSuffix("=") { text.removeLast() }
        return text
    }

    static func decodeBase64URL(_ text: Substring) -> [UInt8]? {
        var b64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while b64.count % 4 != 0 { b64 += "=" }
        return Data(base64Encoded: b64).map(Array.init)
    }
}
