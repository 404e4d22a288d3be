import Foundation
import HyperClient
import HyperJSON
import HyperSession
import HyperStore
import Synchronization
import Testing

/// Uploads through the session's journaled write path keep the browser's progress bar and
/// `Esc` cancel: progress reaches the caller, and a cancelled upload is journaled as failed.
@Suite("journaled uploads with progress")
struct UploadProgressTests {
    @Test func anUploadReportsProgressAndIsJournaledOK() async throws {
        try await SessionHarness.withSession { harness, session in
            let size = 4 << 20
            let file = try Self.file(in: harness, bytes: size)
            let reports = Mutex<[TransferProgress]>([])
            try await session.write(.storageUpload(name: "big/progress.bin", path: file),
                                    progress: { report in reports.withLock { $0.append(report) } })

            let seen = reports.withLock { $0 }
            #expect(!seen.isEmpty)
            #expect(seen.last?.bytes == Int64(size))
            #expect(seen.contains { $0.total == Int64(size) })
            #expect(zip(seen, seen.dropFirst()).allSatisfy { $0.bytes <= $1.bytes })

            let entry = try #require(try session.journal.last(app: session.app!))
            #expect(entry.action == .storageUpload && entry.target == "big/progress.bin" && entry.outcome == .ok)
            let listed = try await harness.otherClient().storage.list(prefix: "big/")
            let object = listed["objects"]?.arrayValue?.first { $0["name"]?.stringValue == "big/progress.bin" }
            #expect(object?["size"]?.intValue == size)
        }
    }

    @Test func aCancelledUploadIsJournaledAsFailed() async throws {
        try await SessionHarness.withSession { harness, session in
            // Big enough that the transfer is still running when the cancel lands.
            let file = try Self.file(in: harness, bytes: 64 << 20)
            let upload = Mutex<Task<WriteReceipt, any Error>?>(nil)
            // Every report cancels (the first ones may come before the task is stored).
            let task = Task {
                try await session.write(.storageUpload(name: "big/cancelled.bin", path: file),
                                        progress: { _ in upload.withLock { $0?.cancel() } })
            }
            upload.withLock { $0 = task }
            do {
                _ = try await task.value
                Issue.record("a cancelled upload finished")
            } catch {
                #expect("\(error)" == "cancelled")
            }

            let entry = try #require(try session.journal.last(app: session.app!))
            #expect(entry.action == .storageUpload && entry.target == "big/cancelled.bin")
            #expect(entry.outcome == .failed("cancelled"))
        }
    }

    /// A file of `bytes` bytes under the harness folder.
    static func file(in harness: SessionHarness, bytes: Int) throws -> String {
        let path = harness.root + "/upload-\(bytes).bin"
        try Data(repeating: 0x61, count: bytes).write(to: URL(fileURLWithPath: path))
        return path
    }
}
