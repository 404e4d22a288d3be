import GRDB
import GRDBSQLite
import Synchronization

/// Counts the transactions committed through one nano database's connections, each counted once
/// it is in the WAL (SQLite's WAL hook runs after the commit, before the write returns to its
/// caller, so before the request that wrote is answered).
///
/// `LoopTurnReads` compares the count with the one it saw when its read transaction began: an
/// unchanged count means no write answered since then, so the transaction's snapshot still
/// shows every write a client can know of.
final class Commits: Sendable {
    private let committed = Atomic<UInt64>(0)

    var current: UInt64 { committed.load(ordering: .acquiring) }

    /// SQLite's own automatic checkpoint, which a WAL hook of ours replaces: at this many WAL
    /// frames after a commit (SQLite's default), a passive checkpoint.
    private static let autoCheckpointFrames: Int32 = 1000

    /// Counts `connection`'s commits from now on (and checkpoints as SQLite would by itself).
    /// The hook holds this object unretained: whoever registers it keeps it for as long as the
    /// connection can commit (the pool's configuration, whose `prepareDatabase` calls this).
    func countCommits(of connection: OpaquePointer) {
        sqlite3_wal_hook(connection, { context, connection, schema, frames in
            guard let context else { return SQLITE_OK }
            Unmanaged<Commits>.fromOpaque(context).takeUnretainedValue().committed.add(1, ordering: .releasing)
            if frames >= Commits.autoCheckpointFrames { sqlite3_wal_checkpoint(connection, schema) }
            return SQLITE_OK
        }, Unmanaged.passUnretained(self).toOpaque())
    }
}
