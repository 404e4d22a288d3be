#if canImport(Glibc)
import Glibc
#endif
import Foundation
import HyperJSON
import HyperModel

/// The drafts folder: every edit lives in a file here from before the editor starts until it
/// is written or discarded, so nothing typed is lost when the tool is killed or the server is down.
///
/// Layout: `<id>.json` holds the text the editor edits; `<id>.meta.json` beside it holds the
/// metadata (app, service, document id, base version, note). Sidecar files rather than a SQLite
/// table because each draft is then self-contained and each file is written atomically before the
/// editor runs; the folder listing is the only truth, so a table can never disagree with files a
/// user moved or deleted, and no database lock is held while an editor is open. Folder 0700,
/// files 0600.
public final class Drafts: Sendable {
    public let directory: String
    private let now: @Sendable () -> Date
    private static let textSuffix = ".json"
    private static let metaSuffix = ".meta.json"

    public init(directory: String, now: @escaping @Sendable () -> Date = { Date() }) throws(StoreError) {
        self.directory = directory
        self.now = now
        try SecureFiles.ensureDirectory(directory, tighten: true)
    }

    /// Writes a new draft to disk: the text (pretty `base`, or `template` for a new document,
    /// `{}` by default)
    /// and its metadata. Open `textPath` in the editor only after this returns.
    public func create(app: AppKey, service: HyperService, documentID: String?, base: JSON?,
                       template: JSON? = nil) throws(StoreError) -> Draft {
        let created = now()
        let initial = base ?? template ?? [:]
        let id = Self.newID(service: service, documentID: documentID, at: created)
        let draft = Draft(id: id, app: app.id, service: service, documentID: documentID, base: base,
                          initial: initial, created: created, updated: created, note: nil,
                          textPath: textPath(id))
        try SecureFiles.writeAtomically(initial.pretty() + "\n", to: draft.textPath)
        try writeMeta(draft)
        return draft
    }

    /// Waiting drafts, oldest first; of one app, or all. A draft with unreadable metadata is
    /// left out (one broken file never hides the others) and listed by `damaged()` instead.
    public func list(app: AppKey? = nil) throws(StoreError) -> [Draft] {
        try fileNames().filter { $0.hasSuffix(Self.metaSuffix) }
            .compactMap { try? draft(id: String($0.dropLast(Self.metaSuffix.count))) }
            .filter { app == nil || $0.app == app!.id }
    }

    /// Text files of drafts whose metadata is missing or unreadable (hand-edited, or the tool
    /// died between writing the two files): never deleted by the store, so nothing typed is
    /// lost; `:drafts` can point the user at them.
    public func damaged() throws(StoreError) -> [String] {
        try fileNames().filter { $0.hasSuffix(Self.textSuffix) && !$0.hasSuffix(Self.metaSuffix) }
            .map { String($0.dropLast(Self.textSuffix.count)) }
            .filter { id in (try? draft(id: id)) == nil }
            .map(textPath)
    }

    /// The draft with `id`, or nil when it no longer exists.
    public func draft(id: String) throws(StoreError) -> Draft? {
        // Ids come from `list`; one naming another folder is not a draft of ours.
        guard !id.contains("/") else { return nil }
        let path = metaPath(id)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let meta: JSON
        do {
            meta = try JSON.parse(try String(contentsOfFile: path, encoding: .utf8))
        } catch {
            throw .corrupt("draft metadata \(path): \(error)")
        }
        guard let app = meta["app"]?.stringValue, let service = meta["service"]?.stringValue.flatMap(HyperService.init(rawValue:)),
              let initial = meta["initial"], let created = meta["created"]?.doubleValue,
              let updated = meta["updated"]?.doubleValue else {
            throw .corrupt("draft metadata \(path) lacks app, service, initial or times")
        }
        return Draft(id: id, app: app, service: service, documentID: meta["documentID"]?.stringValue,
                     base: meta["base"].flatMap { $0.isNull ? nil : $0 }, initial: initial,
                     created: Date(timeIntervalSince1970: created), updated: Date(timeIntervalSince1970: updated),
                     note: meta["note"]?.stringValue, textPath: textPath(id))
    }

    /// The user's current text (what the editor last saved).
    public func text(of draft: Draft) throws(StoreError) -> String {
        do { return try String(contentsOfFile: draft.textPath, encoding: .utf8) } catch {
            throw .io(path: draft.textPath, reason: error.localizedDescription)
        }
    }

    /// Replaces the text, e.g. with `DraftText.withErrorHeader` before reopening the editor.
    public func save(text: String, to draft: Draft) throws(StoreError) {
        try SecureFiles.writeAtomically(text, to: draft.textPath)
        try writeMeta(draft.with(updated: now()))
    }

    /// Records why the draft is still waiting (nil clears it).
    @discardableResult
    public func setNote(_ note: String?, for draft: Draft) throws(StoreError) -> Draft {
        let changed = draft.with(updated: now(), note: .some(note))
        try writeMeta(changed)
        return changed
    }

    /// Moves the draft onto a newer server version (the conflict choice "re-edit on top of the
    /// new version"): the base (what the conflict check compares with) and what the editor
    /// first showed (what "unchanged" means) become `newBase`, and the text becomes `text`
    /// when given.
    @discardableResult
    public func rebase(_ draft: Draft, onto newBase: JSON, text: String? = nil) throws(StoreError) -> Draft {
        let changed = draft.with(updated: now(), base: newBase, initial: newBase)
        if let text { try SecureFiles.writeAtomically(text, to: draft.textPath) }
        try writeMeta(changed)
        return changed
    }

    /// Moves every draft of `old` (an `AppKey.id`) to `new`, as `Journal.rekey` does; returns
    /// how many moved. The text files are untouched.
    @discardableResult
    public func rekey(from old: String, to new: AppKey) throws(StoreError) -> Int {
        let moving = try list().filter { $0.app == old }
        for draft in moving { try writeMeta(draft.moved(to: new.id)) }
        return moving.count
    }

    /// Deletes the draft (the user gave it up).
    public func discard(_ draft: Draft) throws(StoreError) {
        try remove(draft)
    }

    /// The draft reached the server: it leaves the folder (the journal keeps the after image).
    public func markWritten(_ draft: Draft) throws(StoreError) {
        try remove(draft)
    }

    /// Reads the user's text and says what it amounts to (see `DraftEvaluation`).
    public func evaluate(_ draft: Draft) throws(StoreError) -> DraftEvaluation {
        Self.evaluate(text: try text(of: draft), draft: draft)
    }

    /// Pure part of `evaluate`.
    public static func evaluate(text: String, draft: Draft) -> DraftEvaluation {
        let document: JSON
        do { document = try DraftText.parse(text) } catch { return .invalid(error) }
        if case .string(let baseID)? = draft.base?["_id"], document["_id"] != .string(baseID) {
            return .idChanged(from: baseID, to: document["_id"]?.stringValue)
        }
        return JSONDiff.changes(from: draft.initial, to: document).isEmpty ? .unchanged : .changed(document)
    }

    // MARK: internals

    /// The folder's entries, sorted (draft ids start with their creation time).
    private func fileNames() throws(StoreError) -> [String] {
        do { return try FileManager.default.contentsOfDirectory(atPath: directory).sorted() } catch {
            throw .io(path: directory, reason: error.localizedDescription)
        }
    }

    private func textPath(_ id: String) -> String { directory + "/" + id + Self.textSuffix }
    private func metaPath(_ id: String) -> String { directory + "/" + id + Self.metaSuffix }

    private func writeMeta(_ draft: Draft) throws(StoreError) {
        var meta: JSONObject = [
            "version": 1, "app": .string(draft.app), "service": .string(draft.service.rawValue),
            "documentID": draft.documentID.map(JSON.string) ?? .null, "base": draft.base ?? .null,
            "initial": draft.initial, "created": JSON(draft.created.timeIntervalSince1970),
            "updated": JSON(draft.updated.timeIntervalSince1970),
        ]
        if let note = draft.note { meta["note"] = .string(note) }
        try SecureFiles.writeAtomically(JSON.object(meta).pretty() + "\n", to: metaPath(draft.id))
    }

    private func remove(_ draft: Draft) throws(StoreError) {
        for path in [metaPath(draft.id), textPath(draft.id)] where unlink(path) != 0 && errno != ENOENT {
            throw .io(path: path, reason: String(cString: strerror(errno)))
        }
    }

    /// `20261121-061502-data-movie-0001-3fa2c1`: readable in the editor's title, sortable by
    /// time, unique by the random tail; the id part keeps only file-name-safe characters.
    private static func newID(service: HyperService, documentID: String?, at date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970)
        var time = tm()
        var raw = time_t(seconds)
        gmtime_r(&raw, &time)
        let stamp = String(format: "%04d%02d%02d-%02d%02d%02d", time.tm_year + 1900, time.tm_mon + 1,
                           time.tm_mday, time.tm_hour, time.tm_min, time.tm_sec)
        let safe = (documentID ?? "new").unicodeScalars.map { scalar -> Character in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "-_.".unicodeScalars.contains(scalar))
                ? Character(scalar) : "_"
        }
        let random = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        return "\(stamp)-\(service.rawValue)-\(String(safe.prefix(40)))-\(random)"
    }
}

extension Draft {
    func moved(to app: String) -> Draft {
        Draft(id: id, app: app, service: service, documentID: documentID, base: base, initial: initial,
              created: created, updated: updated, note: note, textPath: textPath)
    }

    func with(updated: Date, base: JSON? = nil, initial: JSON? = nil, note: String?? = nil) -> Draft {
        Draft(id: id, app: app, service: service, documentID: documentID, base: base ?? self.base,
              initial: initial ?? self.initial, created: created, updated: updated, note: note ?? self.note,
              textPath: textPath)
    }
}
