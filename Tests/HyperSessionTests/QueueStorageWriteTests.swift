import Foundation
import HyperClient
import HyperJSON
import HyperModel
import HyperSession
import HyperStore
import TestSupport
import Testing

@Suite("queue and storage writes")
struct QueueStorageWriteTests {
    @Test func queueRetryIsJournaledAndUpdatesTheCachedErrorList() async throws {
        try await SessionHarness.withSession { _, session in
            // The demo queue's worker fails each job's first delivery.
            var jobs: [JSON] = []
            #expect(await eventually {
                jobs = await updates(of: session.read(.queueJobs(.error))).last?.json?["jobs"]?.arrayValue ?? []
                return !jobs.isEmpty
            })
            let id = try #require(jobs.first?["id"].map { $0.stringValue ?? $0.compact })
            try await session.write(.queueRetry(id: id))

            let cached = try #require(try session.pageCache.lookup(app: session.app!, request: RequestKey(HyperRead.queueJobs(.error))))
            #expect(cached.answer["jobs"]?.arrayValue?.count == jobs.count - 1)
            let entry = try #require(try session.journal.last(app: session.app!))
            #expect(entry.action == .queueRetry && entry.outcome == .ok && entry.target == id)
            do {
                try await session.undoLast()
                Issue.record("a queue retry was undone")
            } catch {
                #expect("\(error)".contains("cannot be taken back"))
            }
        }
    }

    @Test func storageUploadAndRemoveAreJournaled() async throws {
        try await SessionHarness.withSession { harness, session in
            let file = harness.root + "/upload.txt"
            try "hello".write(toFile: file, atomically: true, encoding: .utf8)
            try await session.write(.storageUpload(name: "notes/hello.txt", path: file))
            let listed = await updates(of: session.read(.storageList(prefix: "notes/"))).last?.json
            let names = { (answer: JSON?) in answer?["objects"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? [] }
            #expect(names(listed).contains("notes/hello.txt"))

            try await session.write(.storageRemove(name: "notes/hello.txt"))
            let cached = try #require(try session.pageCache.lookup(app: session.app!, request: RequestKey(HyperRead.storageList(prefix: "notes/"))))
            #expect(!names(cached.answer).contains("notes/hello.txt"))
            #expect(names(cached.answer).count == names(listed).count - 1)
            let actions = try session.journal.list(app: session.app!).map(\.action)
            #expect(actions == [.storageRemove, .storageUpload])
            await #expect(throws: SessionError.self) { try await session.undoLast() }
        }
    }

    @Test func aDraftNotWrittenBecauseTheServerIsDownStays() async throws {
        try await SessionHarness.withSession { harness, session in
            let draft = try await session.beginEdit(.data, id: "movie-0001")
            var doc = try #require(draft.base)
            doc["title"] = "Later"
            await harness.stopServer()
            do {
                _ = try await session.commitDraft(draft, document: doc)
                Issue.record("committed with the server down")
            } catch {
                #expect((error as? SessionError)?.isOffline == true)
            }
            let waiting = try session.pendingDrafts()
            #expect(waiting.map(\.id) == [draft.id])
            #expect(waiting.first?.note?.hasPrefix("not written") == true)
        }
    }
}
