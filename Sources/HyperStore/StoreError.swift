import GRDB

/// Every failure of the local store, with a message fit for the status line.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    /// A file or folder could not be created, read or written.
    case io(path: String, reason: String)
    /// SQLite refused an operation (corrupt file, disk full, locked too long).
    case database(String)
    /// Stored content could not be read back (e.g. a draft's metadata was edited by hand).
    case corrupt(String)
    /// The caller asked for something that does not exist (unknown journal entry, draft).
    case notFound(String)
    /// A journal entry that cannot be undone, with the reason.
    case undoImpossible(String)

    public var description: String {
        switch self {
        case .io(let path, let reason): "\(path): \(reason)"
        case .database(let message): "local database: \(message)"
        case .corrupt(let message): "unreadable local data: \(message)"
        case .notFound(let message): message
        case .undoImpossible(let reason): "cannot undo: \(reason)"
        }
    }

    /// Runs a GRDB operation, turning its errors into `StoreError` for a typed-throws API.
    static func wrap<T>(_ body: () throws -> T) throws(StoreError) -> T {
        do { return try body() } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError {
            throw .database(error.message ?? error.description)
        } catch {
            throw .database(String(describing: error))
        }
    }
}
