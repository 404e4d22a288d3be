import GRDB
import GRDBSQLite
import Synchronization

/// Counts the transactions committed through nano's database connections, each counted once it
/// is in the WAL (SQLite's WAL hook runs after the commit, before the write returns to its
/// caller, so before the request that wrote is answered).
///
/// `LoopTurnReads` compares the count with the one it saw when its read transaction began: an
/// unchanged count means no write answered since then, so the transaction's snapshot still
/// shows every write a client can know of. One count for the process: a second nano in the same
/// process (tests) only makes readers start new snapshots a little more often.
enum Commits {
    private static let count = Atomic<UInt64>(0)

    static var current: UInt64 { count.load(ordering: .acquiring) }

    /// SQLite's own automatic checkpoint, which a WAL hook of ours replaces: at this many WAL
    /// frames after a commit (SQLite's default), a passive checkpoint.
    private static let autoCheckpointFrames: Int32 = 1000

    /// Counts `connection`'s commits from now on (and checkpoints as SQLite would by itself).
    static func count(_ connection: OpaquePointer) {
        sqlite3_wal_hook(connection, { _, connection, schema, frames in
            Commits.count.add(1, ordering: .releasing)
            if frames >= Commits.autoCheckpointFrames { sqlite3_wal_checkpoint(connection, schema) }
            return SQLITE_OK
        }, nil)
    }
}
