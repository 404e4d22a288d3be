import Foundation
import HyperJSON
import HyperModel

/// A draft waiting in the drafts folder: an edit not written to the server yet.
public struct Draft: Sendable, Equatable, Identifiable {
    /// The file name stem; unique, sortable by creation time.
    public let id: String
    /// `AppKey.id` of the app the edit is for.
    public let app: String
    public let service: HyperService
    /// The document id or key edited; nil for a new document (`a`).
    public let documentID: String?
    /// The document as fetched when the edit began (the conflict check compares the server's
    /// current version with it); nil for a new document.
    public let base: JSON?
    /// What the editor first showed, parsed: the text is "unchanged" while it means the same.
    public let initial: JSON
    public let created: Date
    public let updated: Date
    /// Why the draft is still waiting (e.g. "server unreachable"), for `:drafts`.
    public let note: String?
    /// The file the editor opens.
    public let textPath: String
}

/// What the user's text amounts to once the editor exits.
public enum DraftEvaluation: Sendable, Equatable {
    /// Means the same as what the editor first showed: nothing to write.
    case unchanged
    /// Not JSON: reopen the editor with `DraftText.withErrorHeader`.
    case invalid(JSONParseError)
    /// The `_id` differs from the base document's: refused.
    case idChanged(from: String, to: String?)
    /// A document to confirm (see `JSONDiff`) and write.
    case changed(JSON)
}
