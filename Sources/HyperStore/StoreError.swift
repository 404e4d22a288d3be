import GRDB

/// Every failure of the local store, with a message fit for the status line that names the
/// file or folder at fault.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A file or folder could not be created, read or written.
    case io(path: String, reason: String)
    /// SQLite refused an operation on the file at `path` (not a database, malformed, disk full,
    /// locked too long).
    case database(path: String, reason: String)
    /// Stored content could not be read back (e.g. a draft's metadata was edited by hand).
    case corrupt(String)
    /// The caller asked for something that does not exist (unknown journal entry, draft).
    case notFound(String)
    /// A journal entry that cannot be undone, with the reason.
    case undoImpossible(String)

    public var description: String {
        switch self {
        case .io(let path, let reason), .database(let path, let reason): "\(path): \(reason)"
        case .corrupt(let message): "unreadable local data: \(message)"
        case .notFound(let message): message
        case .undoImpossible(let reason): "cannot undo: \(reason)"
        }
    }

    /// Runs a GRDB operation on the file at `path`, turning its errors into `StoreError` for a
    /// typed-throws API.
    static func wrap<T>(path: String, _ body: () throws -> T) throws(StoreError) -> T {
        do { return try body() } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError {
            throw .database(path: path, reason: error.message ?? error.description)
        } catch {
            throw .database(path: path, reason: String(describing: error))
        }
    }

    /// SQLite gave up waiting for another process (the busy timeout passed, or SQLite chose not
    /// to wait, as it does while a WAL file is being recovered).
    var isBusy: Bool {
        guard case .database(_, let reason) = self else { return false }
        return reason.contains("database is locked") || reason.contains("database table is locked")
            || reason.contains("busy")
    }
}
