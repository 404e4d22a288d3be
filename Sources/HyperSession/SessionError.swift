import HyperClient
import HyperStore

/// Every way a session operation can fail, each with a message fit for the status line.
public enum SessionError: Error, Sendable, CustomStringConvertible {
    /// A write (or an edit) on a read-only session; `reason` says why the session is read-only.
    case readOnly(reason: String)
    /// The session was started with `--offline`: the operation needs the server.
    case offlineMode
    /// The server answered with an error, or could not be reached (`HyperError.network`).
    case server(HyperError)
    /// The local cache, journal or drafts folder failed, or what was asked of it cannot be
    /// done (nothing to undo); the message names the file.
    case store(StoreError)
    /// The part of local state this needs cannot be used (the message names the file).
    case localState(LocalStateProblem)
    /// A document the user wrote cannot be sent as it is (e.g. a cache entry without a key).
    case invalidDocument(String)

    public var description: String {
        switch self {
        case .readOnly(let reason): "read-only: \(reason)"
        case .offlineMode: "offline mode (--offline): this needs the server"
        case .server(let error): error.description
        case .store(let error): error.description
        case .localState(let problem): "\(problem.part?.rawValue ?? "local state") unavailable: \(problem.detail)"
        case .invalidDocument(let reason): "invalid document: \(reason)"
        }
    }

    /// True when the server could not be reached: a draft is worth keeping for later.
    public var isOffline: Bool {
        switch self {
        case .offlineMode: true
        case .server(let error): error.isNetworkFailure
        default: false
        }
    }
}

extension HyperError {
    /// No answer from the server: the app is offline (as opposed to an error answer, which
    /// proves the server is there).
    var isNetworkFailure: Bool {
        if case .network = self { return true }
        return false
    }
}
