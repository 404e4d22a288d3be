/// A connection string that cannot be used: says what is wrong and shows the accepted forms.
/// The offending text is only ever shown redacted.
public struct ConnectionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, in one sentence (never contains the secret).
    public let reason: String
    /// The input with any secret replaced by `****`.
    public let redactedInput: String

    init(_ reason: String, input: String) {
        self.reason = reason
        self.redactedInput = Connection.redact(input)
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
}
