import Foundation
import HyperJSON
import HyperModel
import Testing
@testable import HyperStore

@Suite struct JournalTests {
    let folder = TempFolder()
    let clock = TestClock()

    func makeJournal() throws -> Journal {
        try Journal(path: folder.file("state/hyper-vision/journal.sqlite"), now: clock.now)
    }

    let before: JSON = ["_id": "movie-1", "title": "Dune"]
    let after: JSON = ["_id": "movie-1", "title": "Dune Messiah"]

    @Test func recordsBeforeSendingAndFinishesWithTheOutcome() throws {
        let journal = try makeJournal()
        let id = try journal.begin(app: testApp, action: .update, service: .data, target: "movie-1", before: before, after: after)
        let pending = try #require(try journal.entry(id))
        #expect(pending.outcome == .pending)
        #expect(pending.before == before && pending.after == after)
        #expect(pending.app == testApp.id && pending.action == .update && pending.target == "movie-1")
        #expect(pending.finishedAt == nil)

        clock.advance(2)
        try journal.finish(id, outcome: .ok)
        let done = try #require(try journal.entry(id))
        #expect(done.outcome == .ok)
        #expect(done.finishedAt == done.time.addingTimeInterval(2))

        let failed = try journal.begin(app: testApp, action: .delete, service: .data, target: "movie-2", before: before, after: nil)
        try journal.finish(failed, outcome: .failed("server unreachable"))
        #expect(try journal.entry(failed)?.outcome == .failed("server unreachable"))
        #expect(try journal.last(app: testApp)?.id == failed)
        #expect(try journal.list(app: testApp).map(\.id) == [failed, id])
        #expect(try journal.list(app: otherApp).isEmpty)
        #expect(throws: StoreError.self) { try journal.finish(999, outcome: .ok) }
    }

    @Test func undoPlansRestoreRemoveOrReAdd() throws {
        let journal = try makeJournal()
        func plan(_ action: JournalAction, service: HyperService, before: JSON?, after: JSON?) throws -> UndoAction {
            let id = try journal.begin(app: testApp, action: action, service: service, target: "t", before: before, after: after)
            try journal.finish(id, outcome: .ok)
            return try journal.undoPlan(for: #require(try journal.entry(id)))
        }
        #expect(try plan(.update, service: .data, before: before, after: after) == .restore(service: .data, id: "t", document: before))
        #expect(try plan(.add, service: .data, before: nil, after: after) == .remove(service: .data, id: "t"))
        #expect(try plan(.delete, service: .data, before: before, after: nil) == .add(service: .data, id: "t", document: before))
        #expect(try plan(.cacheSet, service: .cache, before: nil, after: ["n": 1]) == .remove(service: .cache, id: "t"))
        #expect(try plan(.cacheSet, service: .cache, before: ["n": 0], after: ["n": 1]) == .restore(service: .cache, id: "t", document: ["n": 0]))
        #expect(try plan(.cacheRemove, service: .cache, before: ["n": 0], after: nil) == .add(service: .cache, id: "t", document: ["n": 0]))
        #expect(try plan(.searchRemove, service: .search, before: ["x": 1], after: nil) == .add(service: .search, id: "t", document: ["x": 1]))
        for action in [JournalAction.queueRetry, .queueCancel, .storageUpload, .storageRemove] {
            guard case .impossible(let reason) = try plan(action, service: .queue, before: nil, after: nil) else {
                Issue.record("\(action) should not be undoable"); continue
            }
            #expect(!reason.isEmpty)
        }
        guard case .impossible = try plan(.delete, service: .data, before: nil, after: nil) else {
            Issue.record("a delete without a before image cannot be undone"); return
        }
    }

    @Test func pendingAndFailedWritesCannotBeUndone() throws {
        let journal = try makeJournal()
        let pending = try journal.begin(app: testApp, action: .update, service: .data, target: "t", before: before, after: after)
        let failed = try journal.begin(app: testApp, action: .update, service: .data, target: "t", before: before, after: after)
        try journal.finish(failed, outcome: .failed("409"))
        for id in [pending, failed] {
            guard case .impossible = try journal.undoPlan(for: #require(try journal.entry(id))) else {
                Issue.record("entry \(id) should not be undoable"); continue
            }
        }
        #expect(try journal.lastUndoable(app: testApp) == nil)
    }

    @Test func undoIsJournaledAndLinked() throws {
        let journal = try makeJournal()
        let first = try journal.begin(app: testApp, action: .add, service: .data, target: "movie-0", before: nil, after: before)
        try journal.finish(first, outcome: .ok)
        let write = try journal.begin(app: testApp, action: .delete, service: .data, target: "movie-1", before: before, after: nil)
        try journal.finish(write, outcome: .ok)
        let entry = try #require(try journal.lastUndoable(app: testApp))
        #expect(entry.id == write)

        let (undoID, action) = try journal.beginUndo(of: entry)
        #expect(action == .add(service: .data, id: "movie-1", document: before))
        let undo = try #require(try journal.entry(undoID))
        #expect(undo.undoOf == write && undo.action == .add && undo.outcome == .pending)
        #expect(undo.before == nil && undo.after == before)
        // Until the undo succeeds, the write is still the one to undo.
        #expect(try journal.lastUndoable(app: testApp)?.id == write)

        try journal.finish(undoID, outcome: .ok)
        guard case .impossible(let reason) = try journal.undoPlan(for: entry) else {
            Issue.record("an undone write must not be undone twice"); return
        }
        #expect(reason.contains("\(undoID)"))
        #expect(throws: StoreError.self) { try journal.beginUndo(of: entry) }
        // `u` again walks back to the previous write, skipping the undo itself.
        #expect(try journal.lastUndoable(app: testApp)?.id == first)
        // Undoing the undo re-deletes (a redo).
        #expect(try journal.undoPlan(for: #require(try journal.entry(undoID))) == .remove(service: .data, id: "movie-1"))
    }

    /// Undo passes over writes that cannot be undone (a queue cancel, an upload) and names
    /// them; the writes of a batch are undone together (issue 11.4).
    @Test func undoPassesOverWhatCannotBeUndoneAndTakesABatchWhole() throws {
        let journal = try makeJournal()
        let batch = try journal.newBatch()
        var deletes: [Int64] = []
        for n in 1...3 {
            let id = try journal.begin(app: testApp, action: .delete, service: .data, target: "movie-\(n)",
                                       before: before, after: nil, batch: batch)
            try journal.finish(id, outcome: .ok)
            deletes.append(id)
        }
        let cancel = try journal.begin(app: testApp, action: .queueCancel, service: .queue, target: "42", before: nil, after: nil)
        try journal.finish(cancel, outcome: .ok)
        let upload = try journal.begin(app: testApp, action: .storageUpload, service: .storage, target: "a.png", before: nil, after: nil)
        try journal.finish(upload, outcome: .ok)

        let candidate = try journal.undoCandidate(app: testApp)
        let entry = try #require(candidate.entry)
        #expect(entry.id == deletes[2])
        #expect(candidate.passedOver.map(\.id) == [upload, cancel])
        #expect(try journal.undoUnit(of: entry).map(\.id) == deletes.reversed())
        #expect(try journal.entries(batch: batch).map(\.id) == deletes)
        #expect(try journal.newBatch() != batch)

        // Undone (one of them by hand): what is left of the batch is the unit.
        let (undo, _) = try journal.beginUndo(of: try #require(try journal.entry(deletes[1])))
        try journal.finish(undo, outcome: .ok)
        #expect(try journal.undoUnit(of: entry).map(\.id) == [deletes[2], deletes[0]])
    }

    /// Each entry says what it did in words, in the journal's JSON lines too.
    @Test func entriesSayWhatTheyDidInWords() throws {
        let journal = try makeJournal()
        func entry(_ action: JournalAction, _ service: HyperService, _ target: String, _ outcome: JournalOutcome = .ok,
                   undoOf: Int64? = nil, batch: Int64? = nil) throws -> JournalEntry {
            let id = try journal.begin(app: testApp, action: action, service: service, target: target, before: nil, after: nil,
                                       undoOf: undoOf, batch: batch)
            if outcome != .pending { try journal.finish(id, outcome: outcome) }
            return try #require(try journal.entry(id))
        }
        let delete = try entry(.delete, .data, "movie-0003")
        #expect(delete.summary == "deleted document movie-0003")
        #expect(try entry(.add, .data, "movie-0003", undoOf: delete.id).summary == "undo of #\(delete.id): added document movie-0003")
        #expect(try entry(.queueCancel, .queue, "42").summary == "cancelled job 42 in queue \(testApp.domain)")
        #expect(try entry(.queueRetry, .queue, "7", .failed("404 no job")).summary
                == "retried job 7 in queue \(testApp.domain) (failed: 404 no job)")
        #expect(try entry(.cacheSet, .cache, "k").summary == "set cache key k")
        #expect(try entry(.cacheRemove, .cache, "k").summary == "removed cache key k")
        #expect(try entry(.searchUpdate, .search, "s").summary == "indexed search entry s")
        #expect(try entry(.storageUpload, .storage, "a.png", .pending).summary == "uploaded object a.png (no answer recorded)")
        let batch = try journal.newBatch()
        let rows = [try entry(.delete, .data, "b", batch: batch), try entry(.delete, .data, "a", batch: batch)]
        #expect(JournalEntry.summary(of: rows.reversed()) == "deleted 2 documents: b, a")
        let lines = try journal.jsonLines(app: testApp).map { try JSON.parse($0) }
        #expect(lines.first?["summary"] == "deleted document movie-0003")
        #expect(lines.last?["batch"] == JSON(Int(batch)))
        #expect(JournalEntry.grouped(try journal.list(app: testApp)).map(\.count) == [2, 1, 1, 1, 1, 1, 1, 1, 1])
    }

    @Test func imagesComeBackByteForByte() throws {
        let journal = try makeJournal()
        let text = #"{"z":1.50,"a":"é\u0000😀","n":[1e3,-0,{"":null}]}"#
        let image = try JSON.parse(text)
        let id = try journal.begin(app: testApp, action: .delete, service: .data, target: "x", before: image, after: nil)
        #expect(try journal.entry(id)?.before?.compact == image.compact)
        #expect(image.compact.hasPrefix(#"{"z":1.50,"a""#))
    }

    @Test func exportsJSONLinesOldestFirst() throws {
        let journal = try makeJournal()
        let a = try journal.begin(app: testApp, action: .cacheSet, service: .cache, target: "k1", before: nil, after: ["n": 1])
        try journal.finish(a, outcome: .failed("timeout \"5s\""))
        let b = try journal.begin(app: otherApp, action: .update, service: .data, target: "movie-1", before: before, after: after)
        try journal.finish(b, outcome: .ok)

        let lines = try journal.jsonLines()
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { !$0.contains("\n") })
        let first = try JSON.parse(lines[0])
        #expect(first["id"]?.intValue == Int(a))
        #expect(first["app"] == .string(testApp.id))
        #expect(first["action"] == "cacheSet" && first["outcome"] == "failed" && first["message"] == "timeout \"5s\"")
        #expect(first["before"] == .null && first["after"] == ["n": 1])
        #expect(first["time"]?.stringValue?.hasPrefix("2027-01-15T08:00:00") == true)
        let second = try JSON.parse(lines[1])
        #expect(second["before"] == before && second["after"] == after && second["outcome"] == "ok")
        #expect(try journal.jsonLines(app: otherApp).count == 1)
    }

    @Test func survivesReopeningAndIsOwnerOnly() throws {
        let path = folder.file("state/hyper-vision/journal.sqlite")
        let id: Int64
        do {
            let journal = try Journal(path: path)
            id = try journal.begin(app: testApp, action: .update, service: .data, target: "movie-1", before: before, after: after)
        }
        let journal = try Journal(path: path)
        #expect(try journal.entry(id)?.outcome == .pending)
        #expect(permissions(path) == 0o600)
        #expect(permissions(path + "-wal") == 0o600)
        #expect(permissions(path + "-shm") == 0o600)
    }

    /// Processes that open a journal not yet created all get it (the CI saw "table entry
    /// already exists" from the second of twelve CLI processes migrating the new file).
    @Test func manyOpenersOfANewFileAllSucceed() throws {
        for round in 0..<20 {
            let path = folder.file("race-\(round)/journal.sqlite")
            let failures = OpenFailures()
            let openers = (0..<8).map { _ in
                Thread { do { _ = try Journal(path: path) } catch { failures.add("\(error)") } }
            }
            openers.forEach { $0.start() }
            while openers.contains(where: { !$0.isFinished }) { usleep(1_000) }
            #expect(failures.all.isEmpty, "round \(round): \(failures.all)")
        }
    }
}

private final class OpenFailures: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [String] = []
    func add(_ message: String) { lock.withLock { messages.append(message) } }
    var all: [String] { lock.withLock { messages } }
}
