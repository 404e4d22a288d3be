import Foundation
import Testing
@testable import HyperStore

/// What each file of local state asks of the disk, as the writer connection really has it:
/// GRDB's WAL set-up used to put `synchronous = NORMAL` over the level chosen here.
@Suite struct StoreFileSyncTests {
    static let migrator = StoreFile.migrator(steps: [("one table", "CREATE TABLE t (x)")])

    @Test func theJournalSyncsEveryCommitAndTheCacheNever() throws {
        let folder = TempFolder()
        let journal = try StoreFile(path: folder.file("journal.sqlite"), migrator: Self.migrator)
        let cache = try StoreFile(path: folder.file("cache.sqlite"), migrator: Self.migrator, durable: false)
        #expect(try journal.writerSynchronousLevel == 2)   // FULL
        #expect(try cache.writerSynchronousLevel == 0)     // OFF
    }
}
