import HyperClient
import HyperJSON
import HyperModel
import HyperSession
import HyperStore
import Testing

@Suite("journaled writes and undo")
struct WriteTests {
    @Test func addUpdateDeleteAreJournaledAndUndoRestoresByteForByte() async throws {
        try await SessionHarness.withSession { harness, session in
            let server = try harness.otherClient()

            let added = try await session.write(.dataAdd(["_id": "note-1", "text": "first", "n": 1]))
            #expect(try await server.data.get("note-1")["text"] == "first")

            try await session.write(.dataUpdate(id: "note-1", document: ["_id": "note-1", "text": "second", "n": 2]))
            let original = try await server.data.get("movie-0002")
            try await session.write(.dataDelete(id: "movie-0002"))
            await #expect(throws: HyperError.self) { try await server.data.get("movie-0002") }

            let entries = try session.journal.list(app: session.app!)
            #expect(entries.map(\.action) == [.delete, .update, .add])
            #expect(entries.allSatisfy { $0.outcome == .ok })
            #expect(entries[0].before?.compact == original.compact)
            #expect(entries[1].before?["text"] == "first" && entries[1].after?["text"] == "second")
            #expect(entries[2].id == added.entryID)

            // u, u, u: walks back through the writes, each undo journaled.
            try await session.undoLast()
            #expect(try await server.data.get("movie-0002").compact == original.compact)
            try await session.undoLast()
            #expect(try await server.data.get("note-1")["text"] == "first")
            try await session.undoLast()
            await #expect(throws: HyperError.self) { try await server.data.get("note-1") }
            let undos = try session.journal.list(app: session.app!).prefix(3)
            #expect(undos.allSatisfy { $0.undoOf != nil && $0.outcome == .ok })
            await #expect(throws: SessionError.self) { try await session.undoLast() }
        }
    }

    /// A bulk delete is one batch: undo brings every document back in one step, passing over
    /// a newer queue cancel that cannot be undone, and says both (issue 11.4).
    @Test func undoTakesABulkDeleteBackInOneStepPassingOverACancel() async throws {
        try await SessionHarness.withSession { harness, session in
            let server = try harness.otherClient()
            let ids = ["movie-0001", "movie-0002", "movie-0003"]
            var originals: [String] = []
            for id in ids { originals.append(try await server.data.get(id).compact) }
            let batch = try #require(session.newBatch())
            for id in ids { try await session.write(.dataDelete(id: id), batch: batch) }
            let job = try #require(try await server.queue.enqueue(["type": "CANCEL_ME"])["id"].map { $0.stringValue ?? $0.compact })
            try await session.write(.queueCancel(id: job))

            let outcome = try await session.undoLast()
            #expect(outcome.undone.map(\.target) == ids.reversed())
            #expect(outcome.passedOver.map(\.target) == [job] && outcome.failures.isEmpty)
            #expect(outcome.summary == "undid deleted 3 documents: movie-0001, movie-0002, movie-0003 "
                    + "(passed over, as it cannot be undone: cancelled job \(job) in queue \(session.app!.domain))")
            for (id, original) in zip(ids, originals) { #expect(try await server.data.get(id).compact == original) }
            let undos = try session.journal.list(app: session.app!).prefix(3)
            #expect(Set(undos.map(\.batch)).count == 1 && undos.first?.batch != nil, "the undos are one batch too")
            await #expect(throws: SessionError.self) { try await session.undoLast() }
        }
    }

    @Test func writesUpdateTheCachedPagesHoldingTheDocument() async throws {
        try await SessionHarness.withSession { harness, session in
            let list = HyperRead.dataList(ListOptions(limit: 3))
            let page = try #require(await updates(of: session.read(list)).last?.json)
            var doc = try #require(page["docs"]?[0])
            let id = try #require(doc["_id"]?.stringValue)
            doc["title"] = "Changed here"
            try await session.write(.dataUpdate(id: id, document: doc))
            let cached = try #require(try session.pageCache.lookup(app: session.app!, request: RequestKey(list)))
            #expect(cached.answer["docs"]?[0]?["title"] == "Changed here")

            try await session.write(.cacheSet(key: "config-app", value: ["name": "changed"]))
            try await session.undoLast()
            #expect(try await harness.otherClient().cache.get("config-app") == ["name": "demo", "version": "1.2.3"])
        }
    }

    @Test func aFailedWriteIsJournaledAsFailed() async throws {
        try await SessionHarness.withSession { _, session in
            await #expect(throws: SessionError.self) {
                try await session.write(.cacheAdd(key: "config-app", value: ["dup": true]))   // exists: 409
            }
            let entry = try #require(try session.journal.last(app: session.app!))
            if case .failed = entry.outcome {} else { Issue.record("outcome \(entry.outcome)") }
            #expect(await session.connectivity.state == .online)
        }
    }

    @Test func readOnlyRefusesEveryWriteWithItsReason() async throws {
        try await SessionHarness.with { harness in
            let session = try harness.session(readOnlyReason: "started with --read-only")
            do {
                try await session.write(.dataDelete(id: "movie-0001"))
                Issue.record("the write was not refused")
            } catch {
                #expect("\(error)" == "read-only: started with --read-only")
            }
            await #expect(throws: SessionError.self) { try await session.beginEdit(.data, id: "movie-0001") }
            #expect(throws: SessionError.self) { try session.beginAdd(.cache) }
            await #expect(throws: SessionError.self) { try await session.undoLast() }
            #expect(try await harness.otherClient().data.get("movie-0001")["_id"] == "movie-0001")
            #expect(try session.journal.list().isEmpty)
            // Reads still work.
            #expect(await updates(of: session.read(.dataDocument(id: "movie-0001"))).last?.kind == "fresh")
            await session.close()
        }
    }
}
