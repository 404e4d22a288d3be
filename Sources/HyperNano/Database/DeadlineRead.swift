import GRDB
import GRDBSQLite
import HyperQuery

/// Reads that give up at a deadline: a data `_query` or a search query must never hold a
/// worker without bound. SQLite is interrupted through a progress handler on the connection
/// doing the read; the Swift side (residual filter, regex, ranking) asks the same
/// `QueryDeadline`. The client closing the connection (see `NanoRequest.cancellingOnClose`)
/// and task cancellation stop the query as well.
enum DeadlineRead {
    /// SQLite virtual-machine steps between two looks at the deadline (some microseconds).
    private static let stepsPerCheck: Int32 = 1000

    /// `body`, run within `timeout`: its failure past the deadline, or once cancelled, is the
    /// 503 that says which.
    static func run<T>(within timeout: Duration, _ body: (QueryDeadline) async throws -> T) async throws -> T {
        let deadline = QueryDeadline(after: timeout)
        do {
            return try await withTaskCancellationHandler {
                guard let watch = ConnectionWatch.current else { return try await body(deadline) }
                return try await watch.stopping(with: { deadline.cancel() }) { try await body(deadline) }
            } onCancel: {
                deadline.cancel()
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_INTERRUPT {
            throw failure(deadline)
        } catch is QueryInterrupted {
            throw failure(deadline)
        } catch is CancellationError {
            throw failure(deadline)
        }
    }

    /// `body` with SQLite on `connection` interrupted once `deadline` says stop. A deadline
    /// passed while waiting for a connection stops the read before it starts (SQLite looks only
    /// every `stepsPerCheck` steps).
    static func interrupting<T>(_ connection: OpaquePointer?, at deadline: QueryDeadline, _ body: () throws -> T) throws -> T {
        // The deadline outlives the handler, which is removed before this returns.
        sqlite3_progress_handler(connection, stepsPerCheck, { context in
            Unmanaged<QueryDeadline>.fromOpaque(context!).takeUnretainedValue().shouldStop ? 1 : 0
        }, Unmanaged.passUnretained(deadline).toOpaque())
        defer { sqlite3_progress_handler(connection, 0, nil, nil) }
        try deadline.check()
        return try body()
    }

    private static func failure(_ deadline: QueryDeadline) -> HyperFailure {
        if deadline.isCancelled { return HyperFailure(503, "query cancelled: the client closed the connection") }
        return HyperFailure(503, "query ran past its \(NanoConfiguration.describe(deadline.duration)) deadline and was stopped; narrow it, add an index, or raise nano's --query-timeout")
    }
}

extension DatabasePool {
    /// A read on GRDB's reader thread within `timeout` (see `DeadlineRead`).
    func read<T: Sendable>(
        within timeout: Duration, _ body: @escaping @Sendable (Database, QueryDeadline) throws -> T
    ) async throws -> T {
        try await DeadlineRead.run(within: timeout) { deadline in
            try await read { db in
                try DeadlineRead.interrupting(db.sqliteConnection, at: deadline) { try body(db, deadline) }
            }
        }
    }
}

extension SQLiteReader {
    /// A read on the caller's thread within `timeout` (see `DeadlineRead`).
    func read<T>(within timeout: Duration, _ body: (SQLiteReadConnection, QueryDeadline) throws -> T) async throws -> T {
        try await DeadlineRead.run(within: timeout) { deadline in
            try read { connection in
                try connection.interrupting(at: deadline) { try body(connection, deadline) }
            }
        }
    }
}
