import Foundation
import GRDB
import HyperJSON
import NIOCore
import NIOPosix
import Testing
@testable import HyperNano

/// The reads of an event loop's turn share one read transaction (`LoopTurnReads`), on a real
/// nano database and a real event loop: never under a write that was answered, never past the
/// turn.
@Suite struct LoopTurnReadsTests {
    /// A nano database with one table `t` holding the row `v = 1`, its reader, and a loop.
    private struct Setup {
        let pool: DatabasePool
        let reader: SQLiteReader
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let directory: String

        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("loop-turn-\(UUID().uuidString)").path
            let commits: Commits
            (pool, commits) = try NanoDatabase.open(directory: directory)
            try pool.write { db in try db.execute(sql: "CREATE TABLE t (v INTEGER); INSERT INTO t VALUES (1)") }
            reader = SQLiteReader(path: pool.path, commits: commits)
        }

        /// `body`, run as one task of the loop (one turn).
        func onLoop<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
            try await group.next().submit(body).get()
        }

        static func value(_ reader: SQLiteReader) throws -> Int64? {
            try reader.read { connection in try connection.first("SELECT v FROM t", []) { $0.int64(0) } }
        }

        func close() async throws {
            try await group.shutdownGracefully()
            try? FileManager.default.removeItem(atPath: directory)
        }
    }

    /// A write committed through nano's pool between two reads of one turn is seen by the second:
    /// a write answered before a request arrives is never hidden by the turn's older snapshot.
    @Test func aReadAfterACommitSeesIt() async throws {
        let setup = try Setup()
        let (pool, reader) = (setup.pool, setup.reader)
        let values = try await setup.onLoop { () throws -> [Int64?] in
            let before = try Setup.value(reader)
            try pool.write { db in try db.execute(sql: "UPDATE t SET v = 2") }
            return [before, try Setup.value(reader)]
        }
        #expect(values == [1, 2])
        try await setup.close()
    }

    /// The reads of one turn read one snapshot: a write nano did not make (no commit counted)
    /// between them is not seen until the turn is over, and then it is: the turn's transaction
    /// has ended, and a passive checkpoint copies every frame of the WAL into the database.
    @Test func aTurnsReadsShareOneSnapshotThatEndsWithTheTurn() async throws {
        let setup = try Setup()
        let reader = setup.reader
        let outsider = try DatabaseQueue(path: setup.pool.path)
        let inTurn = try await setup.onLoop { () throws -> [Int64?] in
            let before = try Setup.value(reader)
            try outsider.write { db in try db.execute(sql: "UPDATE t SET v = 3") }
            return [before, try Setup.value(reader)]
        }
        #expect(inTurn == [1, 1])
        #expect(try await setup.onLoop { try Setup.value(reader) } == 3)
        // That read's turn is over too once the loop has run one more task.
        try await setup.onLoop {}
        let checkpoint = try await setup.pool.writeWithoutTransaction { db in try db.checkpoint(.passive) }
        #expect(checkpoint.walFrameCount > 0)
        #expect(checkpoint.checkpointedFrameCount == checkpoint.walFrameCount)
        try await setup.close()
    }

    /// A data database's table is looked up once per snapshot, and looked up anew in the next:
    /// when a committed write gives a database's name to another table between two reads of one
    /// turn, the second read answers from that table (with the lookup kept past its snapshot, it
    /// read the old table, which still exists: version 1).
    @Test func aDatabaseLookedUpInATurnIsLookedUpAgainAfterACommit() async throws {
        let setup = try Setup()
        let (pool, reader) = (setup.pool, setup.reader)
        let store = DataStore(pool: pool, reader: reader, queryTimeout: .seconds(5), maxAnswerBytes: 1_048_576)
        try await store.create("x")
        try await store.replace("x", "d", ["version": 1])
        try await store.create("y")
        try await store.replace("y", "d", ["version": 2])
        let versions = try await setup.onLoop { () throws -> [String] in
            let before = String(buffer: try store.get("x", "d"))
            try pool.write { db in
                try db.execute(sql: "UPDATE data_dbs SET name = 'old' WHERE name = 'x'; UPDATE data_dbs SET name = 'x' WHERE name = 'y'")
            }
            return [before, String(buffer: try store.get("x", "d"))]
        }
        #expect(versions.map { $0.contains(#""version":1"#) } == [true, false])
        #expect(versions[1].contains(#""version":2"#))
        try await setup.close()
    }

    /// A read off any event loop (a Hummingbird handler's task) keeps a transaction of its own,
    /// and sees a write as soon as it is committed, counted or not.
    @Test func readsOffTheLoopTakeTheirOwnTransaction() async throws {
        let setup = try Setup()
        let outsider = try DatabaseQueue(path: setup.pool.path)
        #expect(try Setup.value(setup.reader) == 1)
        try await outsider.write { db in try db.execute(sql: "UPDATE t SET v = 4") }
        #expect(try Setup.value(setup.reader) == 4)
        try await setup.close()
    }
}
