import GRDBSQLite
import Synchronization

/// GET of one document by id, the hottest route, on read-only SQLite connections of its own.
///
/// Measured with wrk (`make bench`, and the same binary with the read replaced by a constant):
/// GRDB's pooled read, lock and queue hand-offs included, took more than half of this route's
/// time, far more than SQLite's own lookup. Here a connection is popped from a mutex-guarded
/// stack and two cached statements run on the caller's thread. In WAL mode such a read never
/// waits for the writer and sees every committed write. Anything unexpected (an SQLite error, a
/// database dropped meanwhile) answers `nil` and the caller asks GRDB instead.
final class DocumentReader: Sendable {
    enum Answer: Equatable {
        case document(String)
        case missingDatabase
        case missingDocument
    }

    private let path: String
    private let idle = Mutex<[Connection]>([])

    init(path: String) {
        self.path = path
    }

    /// The stored text of document `id` of database `db`, or why there is none; nil when this
    /// reader cannot tell.
    func document(db: String, id: String) -> Answer? {
        guard let connection = idle.withLock({ $0.popLast() }) ?? Connection(path: path) else { return nil }
        let answer = connection.document(db: db, id: id)
        // A connection that failed is dropped: its next user gets a fresh one.
        if answer != nil { idle.withLock { $0.append(connection) } }
        return answer
    }

    /// One connection and its prepared statements. Never shared: it is off the idle stack while
    /// one caller uses it, which is what makes the unchecked Sendable sound.
    private final class Connection: @unchecked Sendable {
        private let handle: OpaquePointer
        private var tableStatement: OpaquePointer?
        private var documentStatements: [Int64: OpaquePointer] = [:]

        init?(path: String) {
            var handle: OpaquePointer?
            guard sqlite3_open_v2(path, &handle, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK,
                  let handle else {
                sqlite3_close_v2(handle)
                return nil
            }
            self.handle = handle
            sqlite3_busy_timeout(handle, 10_000)
            sqlite3_exec(handle, NanoDatabase.mmapPragma, nil, nil, nil)
        }

        deinit {
            sqlite3_finalize(tableStatement)
            for statement in documentStatements.values { sqlite3_finalize(statement) }
            sqlite3_close_v2(handle)
        }

        func document(db: String, id: String) -> Answer? {
            guard let lookup = statement(&tableStatement, DataStore.tableIDSQL) else { return nil }
            let found = step(lookup, binding: db)
            let table = found == .row ? sqlite3_column_int64(lookup, 0) : 0
            // Reset whatever the answer: a statement left done refuses its next binding.
            sqlite3_reset(lookup)
            switch found {
            case .row: break
            case .done: return .missingDatabase
            case .failed: return nil
            }
            guard let select = statement(&documentStatements[table], DataStore.documentSQL(DataStore.table(table)))
            else { return nil }
            defer { sqlite3_reset(select) }
            switch step(select, binding: id) {
            case .row:
                let bytes = UnsafeRawBufferPointer(start: sqlite3_column_blob(select, 0), count: Int(sqlite3_column_bytes(select, 0)))
                return .document(String(decoding: bytes, as: UTF8.self))
            case .done: return .missingDocument
            case .failed: return nil
            }
        }

        private enum Step { case row, done, failed }

        /// Binds `text` to the statement's one parameter and steps it once.
        private func step(_ statement: OpaquePointer, binding text: String) -> Step {
            // SQLITE_TRANSIENT: SQLite copies the text before this call returns. The length is
            // explicit: as a C string, `doc\u{0}x` would be bound as `doc`.
            let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
            let bound = text.withCString { sqlite3_bind_text(statement, 1, $0, Int32(text.utf8.count), transient) }
            guard bound == SQLITE_OK else { return .failed }
            switch sqlite3_step(statement) {
            case SQLITE_ROW: return .row
            case SQLITE_DONE: return .done
            default:
                sqlite3_reset(statement)
                return .failed
            }
        }

        /// The cached statement, prepared on first use (only then is its SQL text built).
        private func statement(_ cached: inout OpaquePointer?, _ sql: @autoclosure () -> String) -> OpaquePointer? {
            if let cached { return cached }
            var prepared: OpaquePointer?
            guard sqlite3_prepare_v3(handle, sql(), -1, UInt32(SQLITE_PREPARE_PERSISTENT), &prepared, nil) == SQLITE_OK else {
                sqlite3_finalize(prepared)
                return nil
            }
            cached = prepared
            return prepared
        }
    }
}
