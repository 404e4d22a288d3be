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
}
