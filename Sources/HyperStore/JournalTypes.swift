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

    /// The verb of `JournalEntry.summary`.
    var verb: String {
        switch self {
        case .add: "added"
        case .update: "updated"
        case .delete, .storageRemove: "deleted"
        case .cacheSet: "set"
        case .cacheRemove, .searchRemove: "removed"
        case .searchUpdate: "indexed"
        case .queueRetry: "retried"
        case .queueCancel: "cancelled"
        case .storageUpload: "uploaded"
        }
    }

    var isQueueAction: Bool { self == .queueRetry || self == .queueCancel }
}

extension HyperService {
    /// What one write of the service writes, in a journal summary.
    func itemNoun(plural: Bool = false) -> String {
        let noun = switch self {
        case .data: "document"
        case .cache: "cache key"
        case .search: "search entry"
        case .queue: "job"
        case .storage: "object"
        }
        return plural ? noun + "s" : noun
    }
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
    /// Entries written by one action (a bulk delete) share it; undo takes them back together.
    public let batch: Int64?

    /// The entry as one JSON object (a line of `hyper-vision journal`), with `summary` in words.
    public var json: JSON {
        var object: JSONObject = [
            "id": JSON(Int(id)), "app": .string(app), "time": .string(Self.timestamp(time)),
            "action": .string(action.rawValue), "service": .string(service.rawValue), "target": .string(target),
            "summary": .string(summary),
            "before": before ?? .null, "after": after ?? .null, "outcome": .string(outcome.name),
        ]
        if case .failed(let message) = outcome { object["message"] = .string(message) }
        if let finishedAt { object["finishedAt"] = .string(Self.timestamp(finishedAt)) }
        if let undoOf { object["undoOf"] = JSON(Int(undoOf)) }
        if let batch { object["batch"] = JSON(Int(batch)) }
        return .object(object)
    }

    /// What the write did, in words: `deleted document movie-0003`, `cancelled job 42 in queue
    /// q`, `undo of #12: added document movie-0003`; a write that failed or has no answer says so.
    public var summary: String {
        let words = "\(action.verb) \(service.itemNoun()) \(target)" + (action.isQueueAction ? " in queue \(queueName)" : "")
        let outcomeWords = switch outcome {
        case .ok: ""
        case .pending: " (no answer recorded)"
        case .failed(let message): " (failed: \(message))"
        }
        return (undoOf.map { "undo of #\($0): " } ?? "") + words + outcomeWords
    }

    /// The entries of one action (a batch) in words: `deleted 3 documents: movie-0001,
    /// movie-0002, movie-0003`; a single entry's own summary.
    public static func summary(of entries: [JournalEntry]) -> String {
        let entries = entries.sorted { $0.id < $1.id }
        guard let first = entries.first else { return "" }
        guard entries.count > 1 else { return first.summary }
        let targets = entries.map(\.target).joined(separator: ", ")
        let failed = entries.filter { $0.outcome != .ok }.count
        let outcomeWords = failed == 0 ? "" : " (\(failed) not done)"
        guard entries.allSatisfy({ $0.action == first.action && $0.service == first.service }) else {
            return "\(entries.count) writes: " + entries.map(\.summary).joined(separator: "; ")
        }
        let noun = first.service.itemNoun(plural: true)
        let queue = first.action.isQueueAction ? " in queue \(first.queueName)" : ""
        return (first.undoOf.map { _ in "undo: " } ?? "") + "\(first.action.verb) \(entries.count) \(noun)\(queue): \(targets)" + outcomeWords
    }

    /// Entries (newest first) as rows: the writes of one action (a batch) together.
    public static func grouped(_ entries: [JournalEntry]) -> [[JournalEntry]] {
        var rows: [[JournalEntry]] = []
        for entry in entries {
            if let batch = entry.batch, rows.last?.first?.batch == batch {
                rows[rows.count - 1].append(entry)
            } else {
                rows.append([entry])
            }
        }
        return rows
    }

    /// The queue of a queue write: the app's domain (hyper has one queue per domain).
    var queueName: String { AppKey(id: app)?.domain ?? app }

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
