/// A connection string that cannot be used: says what is wrong and shows the accepted forms.
/// The offending text is only ever shown redacted.
public struct ConnectionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, in one sentence (never contains the secret).
    public let reason: String
    /// The input with any secret replaced by `****`.
    public let redactedInput: String

    init(_ reason: String, input: String) {
        self.reason = reason
        self.redactedInput = ConnectionError.redact(input)
    }

    public var description: String {
        "invalid connection string \"\(redactedInput)\": \(reason)\n" + ConnectionError.acceptedForms
    }

    public static let acceptedForms = """
        accepted forms:
          cloud://KEY:SECRET@cloud.hyper.io/APP    hyper cloud (service name from --service, default "default")
          http://localhost:6363/DOMAIN             hyper nano or self-hosted hyper, no auth
          https://KEY:SECRET@host[:port]/DOMAIN    self-hosted hyper behind JWT auth
        """

    /// Best-effort masking for text that may not even parse: anything after the first `:` of
    /// the user-info part goes, and so does a non-numeric "port" (`http://key:secret/x` typed
    /// without a host would otherwise show the secret as a port).
    static func redact(_ text: String) -> String {
        let authorityStart = text.range(of: "://")?.upperBound ?? text.startIndex
        let rest = text[authorityStart...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? text.endIndex
        let authority = text[authorityStart..<authorityEnd]
        let prefix = text[..<authorityStart]
        let suffix = text[authorityEnd...]
        if let at = authority.lastIndex(of: "@") {
            let userInfo = authority[..<at]
            let hostPart = authority[at...]
            guard let colon = userInfo.firstIndex(of: ":") else { return text }
            return prefix + userInfo[...colon] + "****" + hostPart + suffix
        }
        if let colon = authority.lastIndex(of: ":"),
           !authority[authority.index(after: colon)...].allSatisfy(\.isNumber) {
            return prefix + authority[...colon] + "****" + suffix
        }
        return text
    }
}
