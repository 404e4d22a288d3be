import GRDB
import NIOCore

/// The reads made on one event loop's thread (the light reads `ReadLane` answers), sharing one
/// read transaction until the loop's turn ends.
///
/// A read transaction of its own for each request took SQLite's locks at its start and end: two
/// `fcntl`s on the WAL index, and mutexes the loops' threads contended for (a futex call every
/// other request). A loop answers several requests in a turn (all those that arrived while it
/// was busy), and they all read the snapshot the turn's first read began, which is ended when
/// the turn's other work is done, so that no snapshot holds the WAL back from a checkpoint.
///
/// The snapshot must still show every write a request's client can know of: a write answered
/// before the request was sent. A write is answered after its commit is counted (`Commits`);
/// a read that finds the count changed since its snapshot began starts a new one.
///
/// Confined to its loop: only its thread uses it (`SQLiteReader` finds it in a thread-local
/// slot), which is what makes the unchecked Sendable sound.
final class LoopTurnReads: @unchecked Sendable {
    private let loop: any EventLoop
    private let commits: Commits
    private let open: () throws -> SQLiteReadConnection
    private var connection: SQLiteReadConnection?
    /// `commits.current` just before the open transaction began; nil when none is open.
    private var snapshotCommits: UInt64?
    /// A read running: a read made inside it (none is, today) gets a connection of its own.
    private(set) var isReading = false

    init(loop: any EventLoop, commits: Commits, open: @escaping () throws -> SQLiteReadConnection) {
        self.loop = loop
        self.commits = commits
        self.open = open
    }

    /// `body` in the turn's read transaction, begun now if none is open or if a write was
    /// committed since it began. A connection that meets an SQLite error is dropped (the
    /// transaction with it); the next read opens a fresh one.
    func read<T>(_ body: (SQLiteReadConnection) throws -> T) throws -> T {
        isReading = true
        defer { isReading = false }
        let counted = commits.current
        if let snapshotCommits, snapshotCommits != counted { endTransaction() }
        let connection = try self.connection ?? open()
        self.connection = connection
        do {
            if snapshotCommits == nil {
                try connection.begin()
                snapshotCommits = counted
                // Runs once the loop has handled this turn's I/O: the end of the turn.
                loop.assumeIsolated().execute { self.endTransaction() }
            }
            return try body(connection)
        } catch let error as DatabaseError {
            snapshotCommits = nil
            self.connection = nil
            throw error
        }
    }

    private func endTransaction() {
        guard snapshotCommits != nil else { return }
        snapshotCommits = nil
        connection?.commit()
    }
}
