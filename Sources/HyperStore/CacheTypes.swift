import Foundation
import HyperJSON
import HyperModel

/// A cached answer and how old it is.
public struct CachedPage: Sendable, Equatable {
    public let request: RequestKey
    public let answer: JSON
    public let fetchedAt: Date
    /// Seconds since the answer was fetched, at the time of the lookup.
    public let age: TimeInterval
}

/// One document matching a `find`.
public struct FindHit: Sendable, Equatable {
    public let service: HyperService
    /// The document's `_id`, cache key, search key, object name or job id.
    public let id: String
    /// A title-ish field of the document (title, name, label, key...), else the id.
    public let title: String
    /// Text around the match, with the matched words at `matchRanges` (Character offsets).
    public let snippet: String
    public let matchRanges: [Range<Int>]
    /// The cached request whose answer holds the document: open it to jump to the hit.
    public let request: RequestKey
}

public struct CacheStatistics: Sendable, Equatable {
    public let pages: Int
    public let documents: Int
    /// Bytes counted against the size cap: answers plus their indexed text.
    public let bytes: Int
}
