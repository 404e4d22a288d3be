import Foundation
import GRDB
import Testing
@testable import HyperStore

/// What each file of local state asks of the disk, as the writer connection really has it:
/// GRDB's WAL set-up used to put `synchronous = NORMAL` over the level chosen here.
@Suite struct StoreFileSyncTests {
    static let migrator = StoreFile.migrator(steps: [("one table", "CREATE TABLE t (x)")])

    @Test(arguments: [StoreAccess.concurrent, .serial])
    func theJournalSyncsEveryCommitAndTheCacheNever(access: StoreAccess) throws {
        let folder = TempFolder()
        let journal = try StoreFile(path: folder.file("journal.sqlite"), migrator: Self.migrator, access: access)
        let cache = try StoreFile(path: folder.file("cache.sqlite"), migrator: Self.migrator, access: access, durable: false)
        #expect(try journal.writerSynchronousLevel == 2)   // FULL
        #expect(try cache.writerSynchronousLevel == 0)     // OFF
    }

    /// A CLI's single connection makes a new file WAL as a browser's pool does, so that the two
    /// share it whichever came first.
    @Test func aSerialFileIsWALFromTheStart() throws {
        let folder = TempFolder()
        let path = folder.file("cache.sqlite")
        let file = try StoreFile(path: path, migrator: Self.migrator, access: .serial, durable: false)
        try file.write { try $0.execute(sql: "INSERT INTO t VALUES (1)") }
        #expect(try file.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "wal")
    }
}
