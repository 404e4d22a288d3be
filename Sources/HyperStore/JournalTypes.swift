import Foundation
import HyperJSON
import HyperModel

/// What a journaled write did. Raw values are stored in the journal and printed by
/// `hyper-vision journal`: never rename a case.
public enum JournalAction: String, Sendable, CaseIterable {
    case add, update, delete
    case cacheSet, cacheRemove
    case searchUpdate, searchRemove
    case queueRetry, queueCancel
    case storageUpload, storageRemove
}

public enum JournalOutcome: Sendable, Equatable, CustomStringConvertible {
    /// Recorded, not answered yet (or the tool stopped before the answer came).
    case pending
    case ok
    case failed(String)

    /// `pending`, `ok` or `failed`, as stored.
    public var name: String {
        switch self {
        case .pending: "pending"
        case .ok: "ok"
        case .failed: "failed"
        }
    }

    public var description: String {
        if case .failed(let message) = self { return "failed: \(message)" }
        return name
    }
}

/// One write made from the tool, with the document before and after it.
public struct JournalEntry: Sendable, Equatable, Identifiable {
    public let id: Int64
    /// `AppKey.id` of the app written to.
    public let app: String
    public let time: Date
    public let action: JournalAction
    public let service: HyperService
    /// The document id, cache or search key, object name or job id written.
    public let target: String
    /// The document before the write; nil when it did not exist (or is not kept, e.g. bytes).
    public let before: JSON?
    /// The document the write sent; nil for removals.
    public let after: JSON?
    public let outcome: JournalOutcome
    public let finishedAt: Date?
    /// For an undo: the entry it undid.
    public let undoOf: Int64?

    /// The entry as one JSON object (a line of `hyper-vision journal`).
    public var json: JSON {
        var object: JSONObject = [
            "id": JSON(Int(id)), "app": .string(app), "time": .string(Self.timestamp(time)),
            "action": .string(action.rawValue), "service": .string(service.rawValue), "target": .string(target),
            "before": before ?? .null, "after": after ?? .null, "outcome": .string(outcome.name),
        ]
        if case .failed(let message) = outcome { object["message"] = .string(message) }
        if let finishedAt { object["finishedAt"] = .string(Self.timestamp(finishedAt)) }
        if let undoOf { object["undoOf"] = JSON(Int(undoOf)) }
        return .object(object)
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}

/// How to undo a journaled write: the request that puts the before image back.
public enum UndoAction: Sendable, Equatable {
    /// Write the before image over the current document (data update, cache set, search update).
    case restore(service: HyperService, id: String, document: JSON)
    /// Remove what the write added.
    case remove(service: HyperService, id: String)
    /// Add back what the write removed (data add with the same `_id`, cache set, search add).
    case add(service: HyperService, id: String, document: JSON)
    /// The write cannot be undone; the reason is fit for the status line.
    case impossible(reason: String)

    /// The action the undo itself is journaled as; nil for `.impossible` (and for services
    /// whose writes cannot be undone).
    public var journalAction: JournalAction? {
        switch self {
        case .restore(let service, _, _):
            switch service {
            case .data: .update
            case .cache: .cacheSet
            case .search: .searchUpdate
            case .storage, .queue: nil
            }
        case .add(let service, _, _):
            switch service {
            case .data: .add
            case .cache: .cacheSet
            // hyper has no "search add" action name of its own: re-indexing a key is an update.
            case .search: .searchUpdate
            case .storage, .queue: nil
            }
        case .remove(let service, _):
            switch service {
            case .data: .delete
            case .cache: .cacheRemove
            case .search: .searchRemove
            case .storage: .storageRemove
            case .queue: nil
            }
        case .impossible:
            nil
        }
    }
}
