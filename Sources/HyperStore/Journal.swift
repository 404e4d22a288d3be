import Foundation
import GRDB
import HyperJSON
import HyperModel

/// The write journal: every write made from the tool, recorded BEFORE it is sent, with its
/// before and after images and its outcome; the source of undo and of `hyper-vision journal`.
///
/// The file is created 0600. Safe to share between threads, tasks and processes (WAL).
public final class Journal: Sendable {
    public var path: String { file.path }
    private let file: StoreFile
    private let now: @Sendable () -> Date

    public init(path: String, access: StoreAccess = .concurrent,
                now: @escaping @Sendable () -> Date = { Date() }) throws(StoreError) {
        self.now = now
        file = try StoreFile(path: path, migrator: JournalSchema.migrator, access: access)
    }

    /// Records a write about to be sent; call `finish` with its outcome once answered. Writes
    /// of one action (a bulk delete) pass the same `batch` (from `newBatch`).
    @discardableResult
    public func begin(app: AppKey, action: JournalAction, service: HyperService, target: String,
                      before: JSON?, after: JSON?, undoOf: Int64? = nil, batch: Int64? = nil) throws(StoreError) -> Int64 {
        let time = now().timeIntervalSince1970
        return try write { db in
            try db.execute(sql: """
                INSERT INTO entry (app, time, action, service, target, before, after, undoOf, batch)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [app.id, time, action.rawValue, service.rawValue, target,
                                 before?.compact, after?.compact, undoOf, batch])
            return db.lastInsertedRowID
        }
    }

    /// A new batch number for the writes of one action: undo takes them back together.
    public func newBatch() throws(StoreError) -> Int64 {
        let time = now().timeIntervalSince1970
        return try write { db in
            try db.execute(sql: "INSERT INTO batch (time) VALUES (?)", arguments: [time])
            return db.lastInsertedRowID
        }
    }

    /// The entries of `batch`, oldest first.
    public func entries(batch: Int64) throws(StoreError) -> [JournalEntry] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM entry WHERE batch = ? ORDER BY id", arguments: [batch]) }
            .compactMap(Self.entry(from:))
    }

    public func finish(_ id: Int64, outcome: JournalOutcome) throws(StoreError) {
        var message: String?
        if case .failed(let text) = outcome { message = text }
        let time = now().timeIntervalSince1970
        try write { db in
            try db.execute(sql: "UPDATE entry SET outcome = ?, message = ?, finishedAt = ? WHERE id = ?",
                           arguments: [outcome.name, message, time, id])
            guard db.changesCount == 1 else { throw StoreError.notFound("no journal entry \(id)") }
        }
    }

    public func entry(_ id: Int64) throws(StoreError) -> JournalEntry? {
        try read { db in try Row.fetchOne(db, sql: "SELECT * FROM entry WHERE id = ?", arguments: [id]) }
            .flatMap(Self.entry(from:))
    }

    /// The newest entry of `app`, whatever its outcome.
    public func last(app: AppKey) throws(StoreError) -> JournalEntry? {
        try list(app: app, limit: 1).first
    }

    /// What `u` undoes: the newest successful write of `app` that is not an undo, was not
    /// undone yet, and can be undone (a queue cancel or a storage upload cannot: it is passed
    /// over). Repeating `u` walks back through the app's writes.
    public func lastUndoable(app: AppKey) throws(StoreError) -> JournalEntry? {
        try undoCandidate(app: app).entry
    }

    /// The newest undoable write of `app` (see `lastUndoable`; nil when none is left) and the
    /// newer writes passed over because they cannot be undone, newest first.
    public func undoCandidate(app: AppKey) throws(StoreError) -> (entry: JournalEntry?, passedOver: [JournalEntry]) {
        try read { db in
            let rows = try Row.fetchCursor(db, sql: """
                SELECT * FROM entry e WHERE e.app = ? AND e.outcome = 'ok' AND e.undoOf IS NULL
                AND NOT EXISTS (SELECT 1 FROM entry u WHERE u.undoOf = e.id AND u.outcome = 'ok')
                ORDER BY e.id DESC
                """, arguments: [app.id])
            var passedOver: [JournalEntry] = []
            while let row = try rows.next() {
                guard let entry = Self.entry(from: row) else { continue }
                if case .impossible = Self.inverse(of: entry) { passedOver.append(entry); continue }
                return (entry, passedOver)
            }
            return (nil, passedOver)
        }
    }

    /// The entries undo takes back with `entry`: its batch's entries that can still be undone
    /// (newest first, the order they are undone in), or `entry` alone.
    public func undoUnit(of entry: JournalEntry) throws(StoreError) -> [JournalEntry] {
        guard let batch = entry.batch else { return [entry] }
        var unit: [JournalEntry] = []
        for member in try entries(batch: batch).reversed() {
            if case .impossible = try undoPlan(for: member) { continue }
            unit.append(member)
        }
        return unit.isEmpty ? [entry] : unit
    }

    /// Entries newest first, of one app or of all.
    public func list(app: AppKey? = nil, limit: Int = 100) throws(StoreError) -> [JournalEntry] {
        try read { db in
            if let app {
                return try Row.fetchAll(db, sql: "SELECT * FROM entry WHERE app = ? ORDER BY id DESC LIMIT ?",
                                        arguments: [app.id, limit])
            }
            return try Row.fetchAll(db, sql: "SELECT * FROM entry ORDER BY id DESC LIMIT ?", arguments: [limit])
        }.compactMap(Self.entry(from:))
    }

    /// Every app with journal entries (`AppKey.id`s).
    public func apps() throws(StoreError) -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT DISTINCT app FROM entry ORDER BY app") }
    }

    /// Moves every entry of `old` to `new` (state keyed by a port that named a server only for a
    /// while, adopted by that server's lasting identity); returns how many moved.
    @discardableResult
    public func rekey(from old: String, to new: AppKey) throws(StoreError) -> Int {
        try write { db in
            try db.execute(sql: "UPDATE entry SET app = ? WHERE app = ?", arguments: [new.id, old])
            return db.changesCount
        }
    }

    /// The journal oldest first, one compact JSON object per line (`hyper-vision journal`).
    public func jsonLines(app: AppKey? = nil) throws(StoreError) -> [String] {
        try list(app: app, limit: Int.max).reversed().map(\.json.compact)
    }

    // MARK: undo

    /// How to undo `entry`, or why it cannot be undone.
    public func undoPlan(for entry: JournalEntry) throws(StoreError) -> UndoAction {
        switch entry.outcome {
        case .pending:
            return .impossible(reason: "entry \(entry.id) has no known outcome (the tool stopped before the server answered); refresh and check")
        case .failed:
            return .impossible(reason: "entry \(entry.id) failed, so it changed nothing")
        case .ok:
            break
        }
        if let undo = try undoingEntry(of: entry.id) {
            return .impossible(reason: "entry \(entry.id) was already undone by entry \(undo)")
        }
        return Self.inverse(of: entry)
    }

    /// Journals the undo of `entry` (linked to it) before the caller sends it; returns the new
    /// entry's id and what to send. Throws `.undoImpossible` with the reason when it cannot be undone.
    public func beginUndo(of entry: JournalEntry, batch: Int64? = nil) throws(StoreError) -> (entryID: Int64, action: UndoAction) {
        let plan = try undoPlan(for: entry)
        guard let action = plan.journalAction, let app = AppKey(id: entry.app) else {
            if case .impossible(let reason) = plan { throw .undoImpossible(reason) }
            throw .undoImpossible("entry \(entry.id) cannot be undone from this tool")
        }
        let after: JSON?
        switch plan {
        case .restore(_, _, let document), .add(_, _, let document): after = document
        case .remove, .impossible: after = nil
        }
        let id = try begin(app: app, action: action, service: entry.service, target: entry.target,
                           before: entry.after, after: after, undoOf: entry.id, batch: batch)
        return (id, plan)
    }

    /// The inverse of a successful write, from its before image.
    public static func inverse(of entry: JournalEntry) -> UndoAction {
        let service = entry.service, id = entry.target
        switch entry.action {
        case .add:
            return .remove(service: service, id: id)
        case .update, .cacheSet, .searchUpdate:
            // No before image: the write created the document, so undo removes it.
            guard let before = entry.before else { return .remove(service: service, id: id) }
            return .restore(service: service, id: id, document: before)
        case .delete, .cacheRemove, .searchRemove:
            guard let before = entry.before else {
                return .impossible(reason: "entry \(entry.id) kept no copy of what it removed")
            }
            return .add(service: service, id: id, document: before)
        case .queueRetry, .queueCancel:
            return .impossible(reason: "a queue job that was \(entry.action == .queueRetry ? "retried" : "cancelled") cannot be taken back")
        case .storageUpload, .storageRemove:
            return .impossible(reason: "object bytes are not kept in the journal, so storage writes cannot be undone")
        }
    }

    private func undoingEntry(of id: Int64) throws(StoreError) -> Int64? {
        try read { db in
            try Int64.fetchOne(db, sql: "SELECT id FROM entry WHERE undoOf = ? AND outcome = 'ok' ORDER BY id LIMIT 1",
                               arguments: [id])
        }
    }

    // MARK: internals

    private func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T { try file.read(body) }

    @discardableResult
    private func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T { try file.write(body) }

    /// Decodes a row; a hand-edited or newer-version row degrades (unknown action → failed
    /// outcome with a note) instead of hiding the whole journal; a row of a service this
    /// version does not know is left out.
    private static func entry(from row: Row) -> JournalEntry? {
        guard let service = HyperService(rawValue: row["service"]) else { return nil }
        let outcomeName: String = row["outcome"]
        let message: String? = row["message"]
        let actionName: String = row["action"]
        let action = JournalAction(rawValue: actionName)
        var outcome: JournalOutcome = switch outcomeName {
        case "ok": .ok
        case "failed": .failed(message ?? "")
        default: .pending
        }
        if action == nil { outcome = .failed("unknown action \(actionName)") }
        return JournalEntry(
            id: row["id"], app: row["app"], time: Date(timeIntervalSince1970: row["time"]),
            action: action ?? .update, service: service, target: row["target"],
            before: (row["before"] as String?).flatMap { try? JSON.parse($0) },
            after: (row["after"] as String?).flatMap { try? JSON.parse($0) },
            outcome: outcome,
            finishedAt: (row["finishedAt"] as Double?).map(Date.init(timeIntervalSince1970:)),
            undoOf: row["undoOf"], batch: row["batch"])
    }
}
