/// What a request failed with: the server's status and msg, never a stack trace or a secret.
public struct ErrorInfo: Sendable, Equatable, Error {
    public let status: Int?
    public let message: String
    /// The server could not be reached (as opposed to answering with an error).
    public let unreachable: Bool
    public init(status: Int?, message: String, unreachable: Bool = false) {
        self.status = status; self.message = message; self.unreachable = unreachable
    }
    public var text: String { status.map { "\($0) \(message)" } ?? message }
}
