import Foundation
import HyperClient
import HyperJSON

/// One step of a stale-while-revalidate read, in order: `cached` first when the page (or, for a
/// document, any cached page holding it) is in the cache, then exactly one of `fresh`,
/// `offline` or `failed`.
public enum PageUpdate: Sendable {
    /// The cached answer, `age` seconds old: show it at once, with its age in the status line.
    /// (For a document found only inside a cached list: that document.)
    case cached(JSON, age: TimeInterval)
    /// The server's answer (already stored in the cache): replace the page in place.
    case fresh(JSON)
    /// The server could not be reached, or the session is in offline mode: keep what is shown
    /// (the cached page, if one came) and say "offline".
    case offline(reason: String)
    /// The server answered with an error (`ok:false`, HTTP error, bad answer): a real answer,
    /// the app is online.
    case failed(HyperError)

    /// The JSON of `cached` or `fresh`.
    public var json: JSON? {
        switch self {
        case .cached(let json, _), .fresh(let json): json
        case .offline, .failed: nil
        }
    }
}
