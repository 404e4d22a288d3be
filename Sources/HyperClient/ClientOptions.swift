import HyperTransport

/// Per-client transport settings. Defaults: 5 s to connect, 30 s per request, TLS verified,
/// answers held in memory up to 256 MiB.
public struct ClientOptions: Sendable, CustomReflectable {
    /// Seconds allowed to establish a connection (TCP + TLS).
    public var connectTimeout: Double = 5.0
    /// Seconds allowed for a whole request, including the body transfer.
    public var totalTimeout: Double = 30.0
    /// Skip TLS certificate and host name verification (`--insecure`).
    public var insecure = false
    /// A PEM bundle of CA certificates to trust instead of the system's (`--cacert`).
    public var caCertPath: String? = nil
    /// Sent as `Authorization: Bearer <token>` instead of a JWT minted from the connection string.
    public var bearerToken: String? = nil
    /// Extra attempts for idempotent requests (GET, PUT, DELETE, HEAD) that failed to connect
    /// or got 502/503/504.
    public var maxRetries = 2
    /// Bytes an answer held in memory may have once decoded; past it the transfer stops with
    /// `HyperError.answerTooLarge`. Downloads to a file or descriptor are not bounded by it.
    public var maxAnswerBytes: Int64 = ClientOptions.defaultMaxAnswerBytes
    /// Receives one line per request and per response (`--debug`); secret and token are masked.
    public var debugLog: (@Sendable (String) -> Void)? = nil

    /// 256 MiB: far above any page of JSON, far below what would exhaust the machine.
    public static let defaultMaxAnswerBytes = TransferSettings.defaultMaxAnswerBytes

    public init(connectTimeout: Double = 5.0, totalTimeout: Double = 30.0, insecure: Bool = false,
                caCertPath: String? = nil, bearerToken: String? = nil, maxRetries: Int = 2,
                maxAnswerBytes: Int64 = ClientOptions.defaultMaxAnswerBytes,
                debugLog: (@Sendable (String) -> Void)? = nil) {
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.insecure = insecure
        self.caCertPath = caCertPath
        self.bearerToken = bearerToken
        self.maxRetries = maxRetries
        self.maxAnswerBytes = maxAnswerBytes
        self.debugLog = debugLog
    }

    /// `dump` and debuggers show the bearer token masked.
    public var customMirror: Mirror {
        Mirror(self, children: [
            "connectTimeout": connectTimeout, "totalTimeout": totalTimeout, "insecure": insecure,
            "caCertPath": caCertPath as Any, "bearerToken": bearerToken.map { _ in "****" } as Any,
            "maxRetries": maxRetries, "maxAnswerBytes": maxAnswerBytes, "debugLog": debugLog == nil ? "off" : "on",
        ], displayStyle: .struct)
    }
}
