import GRDB
import GRDBSQLite
import HyperQuery
import NIOCore
import NIOPosix
import Synchronization

/// Read-only SQLite connections of nano's own, for the reads on the hot routes (a document by
/// id, a cache value, a search document, documents by keys, data lists), run on the caller's
/// thread with cached prepared statements.
///
/// Measured with wrk: GRDB's pooled read, its lock and queue hand-offs included, took more than
/// half of GET by id's time, far more than SQLite's own lookup (and the cache and search reads,
/// which went through it, answered at half the rate). Here a connection is popped from a
/// mutex-guarded stack and its statements run where the request runs. In WAL mode such a read
/// never waits for the writer and sees every committed write.
final class SQLiteReader: Sendable {
    private let path: String
    /// The database's commits, which end a loop turn's snapshot (`LoopTurnReads`).
    private let commits: Commits
    /// Run on each new connection (to register SQL functions).
    private let prepare: @Sendable (OpaquePointer) throws -> Void
    private let idle = Mutex<[SQLiteReadConnection]>([])
    /// Each event loop thread's `LoopTurnReads`, found without a lock; nil when the process has
    /// no thread-local key left (reads then take a connection from `idle`, as elsewhere).
    private let turnSlot: pthread_key_t?
    /// Keeps the `LoopTurnReads` alive (the slots hold them unretained) until this reader goes.
    private let turns = Mutex<[LoopTurnReads]>([])

    init(path: String, commits: Commits, prepare: @escaping @Sendable (OpaquePointer) throws -> Void = { _ in }) {
        self.path = path
        self.commits = commits
        self.prepare = prepare
        var key = pthread_key_t()
        turnSlot = pthread_key_create(&key, nil) == 0 ? key : nil
    }

    deinit {
        // glibc hides a deleted key's values from a key created later in its place.
        if let turnSlot { pthread_key_delete(turnSlot) }
    }

    /// Runs `body` on a connection of its own, in one read transaction: its statements see one
    /// snapshot, and the snapshot's locks are taken once (each costs an `fcntl`, 6% of a GET by
    /// id for two). An SQLite error (a table dropped since the statements were prepared, say) is
    /// tried once more on a fresh connection, whose statements are prepared anew; a second one is
    /// thrown as GRDB's `DatabaseError`, to be answered as any other database error. The errors
    /// `body` throws itself (a 404) are not retried.
    /// On an event loop's thread, the read joins the loop's current turn (`LoopTurnReads`).
    func read<T>(_ body: (SQLiteReadConnection) throws -> T) throws -> T {
        if let turn = loopTurn() { return try retrying { try turn.read(body) } }
        return try retrying { try attempt(inTransaction: true, body) }
    }

    /// `body`, a read of one statement, which is a snapshot of its own: run without BEGIN and
    /// COMMIT (two statements more, a quarter of a cache get's work in nano). Retried as `read`.
    func readOneStatement<T>(_ body: (SQLiteReadConnection) throws -> T) throws -> T {
        if let turn = loopTurn() { return try retrying { try turn.read(body) } }
        return try retrying { try attempt(inTransaction: false, body) }
    }

    /// The calling thread's `LoopTurnReads` when it is an event loop's (made on its first read);
    /// nil on any other thread, and for a read made inside another.
    private func loopTurn() -> LoopTurnReads? {
        guard let turnSlot else { return nil }
        if let slot = pthread_getspecific(turnSlot) {
            let turn = Unmanaged<LoopTurnReads>.fromOpaque(slot).takeUnretainedValue()
            return turn.isReading ? nil : turn
        }
        guard let loop = MultiThreadedEventLoopGroup.currentEventLoop else { return nil }
        let turn = LoopTurnReads(loop: loop, commits: commits) { [path, prepare] in try SQLiteReadConnection(path: path, prepare: prepare) }
        turns.withLock { $0.append(turn) }
        pthread_setspecific(turnSlot, Unmanaged.passUnretained(turn).toOpaque())
        return turn
    }

    private func retrying<T>(_ attempt: () throws -> T) throws -> T {
        do {
            return try attempt()
        } catch let error as DatabaseError where error.resultCode != .SQLITE_INTERRUPT {
            return try attempt()
        }
    }

    private func attempt<T>(inTransaction: Bool, _ body: (SQLiteReadConnection) throws -> T) throws -> T {
        let connection = try idle.withLock({ $0.popLast() }) ?? SQLiteReadConnection(path: path, prepare: prepare)
        do {
            let result = inTransaction ? try connection.inTransaction { try body(connection) } : try body(connection)
            idle.withLock { $0.append(connection) }
            return result
        } catch {
            // A connection that met an SQLite error is dropped: the next read opens a fresh one.
            if !(error is DatabaseError) { idle.withLock { $0.append(connection) } }
            throw error
        }
    }
}

/// One read-only connection and its prepared statements. Never shared: it is off the idle stack
/// while one caller uses it, which is what makes the unchecked Sendable sound.
final class SQLiteReadConnection: @unchecked Sendable {
    enum Argument {
        case text(String)
        case integer(Int64)
        /// An object for an SQL function of nano's, under a static type name (SQLite's
        /// pointer-passing interface); it must outlive the statement's run.
        case pointer(UnsafeMutableRawPointer, type: StaticString)
    }

    /// A container looked up by name, whose id a read transaction's snapshot keeps fixed.
    enum ContainerName: Hashable {
        case dataDatabase(String)
        case searchIndex(String)
    }

    private let handle: OpaquePointer
    private var statements: [ReadSQL: OpaquePointer] = [:]
    /// Ids of containers read in the open read transaction; empty outside one.
    private var containerIDs: [ContainerName: Int64] = [:]
    /// A transaction begun by `begin` is open (its snapshot holds until `commit`).
    private var inReadTransaction = false

    init(path: String, prepare: (OpaquePointer) throws -> Void) throws {
        var handle: OpaquePointer?
        let opened = sqlite3_open_v2(path, &handle, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nil)
        guard opened == SQLITE_OK, let handle else {
            let error = DatabaseError(resultCode: ResultCode(rawValue: opened), message: handle.map { String(cString: sqlite3_errmsg($0)) })
            sqlite3_close_v2(handle)
            throw error
        }
        self.handle = handle
        sqlite3_busy_timeout(handle, 10_000)
        sqlite3_exec(handle, NanoDatabase.mmapPragma, nil, nil, nil)
        do {
            try prepare(handle)
        } catch {
            sqlite3_close_v2(handle)
            throw error
        }
    }

    deinit {
        for statement in statements.values { sqlite3_finalize(statement) }
        sqlite3_close_v2(handle)
    }

    /// `body` with SQLite interrupted once `deadline` says stop (see `DeadlineRead`).
    func interrupting<T>(at deadline: QueryDeadline, _ body: () throws -> T) throws -> T {
        try DeadlineRead.interrupting(handle, at: deadline, body)
    }

    /// `body` in a read transaction, ended whatever happens (a read-only one has nothing to undo).
    fileprivate func inTransaction<T>(_ body: () throws -> T) throws -> T {
        try begin()
        defer { commit() }
        return try body()
    }

    /// Begins a read transaction: its snapshot is taken by the first statement read in it.
    func begin() throws {
        try each("BEGIN", []) { _ in }
        inReadTransaction = true
    }

    /// Ends the read transaction (nothing to undo, nothing to fail that matters).
    func commit() {
        try? each("COMMIT", []) { _ in }
        inReadTransaction = false
        containerIDs.removeAll(keepingCapacity: true)
    }

    /// The container's id as `read` finds it, read once per read transaction: its snapshot
    /// cannot change it, and the reads of a loop's turn share one (`LoopTurnReads`), so a GET
    /// by id need not look its database up again (a query of its own, about 5% of the request's
    /// instructions). Outside a transaction every statement is a snapshot of its own: read each
    /// time. A missing container is not kept.
    func id(of container: ContainerName, _ read: () throws -> Int64?) rethrows -> Int64? {
        guard inReadTransaction else { return try read() }
        if let id = containerIDs[container] { return id }
        let id = try read()
        if let id { containerIDs[container] = id }
        return id
    }

    /// Runs the cached statement for `sql` with `arguments`, calling `row` for each row, in order.
    func each(_ sql: ReadSQL, _ arguments: [Argument], _ row: (SQLiteRow) throws -> Void) throws {
        try withStatement(sql, arguments) { statement in
            while try step(statement, sql) { try row(SQLiteRow(statement: statement)) }
        }
    }

    /// The first row of the statement, as `row` reads it; nil when there is none.
    func first<T>(_ sql: ReadSQL, _ arguments: [Argument], _ row: (SQLiteRow) throws -> T) throws -> T? {
        try withStatement(sql, arguments) { statement in try step(statement, sql) ? row(SQLiteRow(statement: statement)) : nil }
    }

    /// `each` and `first` for a statement whose text never varies.
    func each(_ sql: String, _ arguments: [Argument], _ row: (SQLiteRow) throws -> Void) throws {
        try each(.text(sql), arguments, row)
    }

    func first<T>(_ sql: String, _ arguments: [Argument], _ row: (SQLiteRow) throws -> T) throws -> T? {
        try first(.text(sql), arguments, row)
    }

    /// The cached statement for `sql`, bound to `arguments`, reset once `body` is done with it.
    private func withStatement<T>(_ sql: ReadSQL, _ arguments: [Argument], _ body: (OpaquePointer) throws -> T) throws -> T {
        let statement = try prepared(sql)
        // Reset whatever happens: a statement left mid-way holds its read transaction open.
        defer { sqlite3_reset(statement) }
        for (index, argument) in arguments.enumerated() {
            let position = Int32(index + 1)
            let bound: Int32 = switch argument {
            case .text(let text):
                // SQLITE_TRANSIENT: SQLite copies the text before this call returns. The length
                // is explicit: as a C string, `doc\u{0}x` would be bound as `doc`.
                text.withCString { sqlite3_bind_text(statement, position, $0, Int32(text.utf8.count), Self.transient) }
            case .integer(let value):
                sqlite3_bind_int64(statement, position, value)
            case .pointer(let pointer, let type):
                sqlite3_bind_pointer(statement, position, pointer, UnsafeRawPointer(type.utf8Start).assumingMemoryBound(to: CChar.self), nil)
            }
            guard bound == SQLITE_OK else { throw failure(sql) }
        }
        return try body(statement)
    }

    /// Steps to the next row: true on a row, false at the end.
    private func step(_ statement: OpaquePointer, _ sql: ReadSQL) throws -> Bool {
        switch sqlite3_step(statement) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw failure(sql)
        }
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Prepared statements a connection keeps: one per SQL text, and the texts name tables
    /// (one per data database), so past this many they are all finalized and prepared anew.
    private static let statementLimit = 256

    /// The cached statement, prepared on first use.
    private func prepared(_ sql: ReadSQL) throws -> OpaquePointer {
        if let cached = statements[sql] { return cached }
        if statements.count >= Self.statementLimit {
            for statement in statements.values { sqlite3_finalize(statement) }
            statements = [:]
        }
        var statement: OpaquePointer?
        guard sqlite3_prepare_v3(handle, sql.sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil) == SQLITE_OK,
              let statement else {
            sqlite3_finalize(statement)
            throw failure(sql)
        }
        statements[sql] = statement
        return statement
    }

    private func failure(_ sql: ReadSQL) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: sqlite3_extended_errcode(handle)),
                      message: String(cString: sqlite3_errmsg(handle)), sql: sql.sql)
    }
}

/// The current row of a statement being stepped (valid only inside the `each` callback).
struct SQLiteRow {
    fileprivate let statement: OpaquePointer

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(statement, column) == SQLITE_NULL }
    func double(_ column: Int32) -> Double { sqlite3_column_double(statement, column) }
    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(statement, column) }

    /// The column's bytes (text as UTF-8), valid until the row changes.
    func bytes(_ column: Int32) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: sqlite3_column_blob(statement, column), count: Int(sqlite3_column_bytes(statement, column)))
    }

    func text(_ column: Int32) -> String { String(decoding: bytes(column), as: UTF8.self) }

    /// The column's bytes in a buffer of their own: a stored document or value as an answer's
    /// body. Not decoded: nano stored that text from a Swift string, so it is UTF-8 already, and
    /// decoding it to a String (checking every byte) was a twentieth of a GET by id's work.
    func buffer(_ column: Int32) -> ByteBuffer {
        let bytes = bytes(column)
        var buffer = ByteBufferAllocator().buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        return buffer
    }
}
