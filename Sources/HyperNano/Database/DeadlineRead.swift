import GRDB
import GRDBSQLite
import HyperQuery

/// Reads that give up at a deadline: a data `_query` or a search query must never hold a
/// worker without bound. SQLite is interrupted through a progress handler on the connection
/// doing the read; the Swift side (residual filter, regex, ranking) asks the same
/// `QueryDeadline`. Both run on GRDB's reader thread, not on the two-thread cooperative pool.
/// Task cancellation (the client closed the connection, see `NanoRequest.cancellingOnClose`)
/// stops the query as well.
extension DatabasePool {
    /// SQLite virtual-machine steps between two looks at the deadline (some microseconds).
    private static let stepsPerCheck: Int32 = 1000

    func read<T: Sendable>(
        within timeout: Duration, _ body: @escaping @Sendable (Database, QueryDeadline) throws -> T
    ) async throws -> T {
        let deadline = QueryDeadline(after: timeout)
        do {
            return try await withTaskCancellationHandler {
                try await read { db in
                    let connection = db.sqliteConnection
                    // The deadline outlives the handler, which is removed before the read returns.
                    sqlite3_progress_handler(connection, Self.stepsPerCheck, { context in
                        Unmanaged<QueryDeadline>.fromOpaque(context!).takeUnretainedValue().shouldStop ? 1 : 0
                    }, Unmanaged.passUnretained(deadline).toOpaque())
                    defer { sqlite3_progress_handler(connection, 0, nil, nil) }
                    // A deadline passed while waiting for a connection stops the read before
                    // it starts (SQLite looks only every `stepsPerCheck` steps).
                    try deadline.check()
                    return try body(db, deadline)
                }
            } onCancel: {
                deadline.cancel()
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_INTERRUPT {
            throw Self.failure(deadline)
        } catch is QueryInterrupted {
            throw Self.failure(deadline)
        } catch is CancellationError {
            throw Self.failure(deadline)
        }
    }

    private static func failure(_ deadline: QueryDeadline) -> HyperFailure {
        if deadline.isCancelled { return HyperFailure(503, "query cancelled: the client closed the connection") }
        return HyperFailure(503, "query ran past its \(NanoConfiguration.describe(deadline.duration)) deadline and was stopped; narrow it, add an index, or raise nano's --query-timeout")
    }
}
