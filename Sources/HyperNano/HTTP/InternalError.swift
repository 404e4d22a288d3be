import Foundation
import GRDB
import Hummingbird
import Logging

/// The answer to an error that is not a `HyperFailure`. Such errors carry SQL text and absolute
/// file paths, which must never reach a client: a cause the client can act on (disk full, a
/// busy database) gets a 4xx/5xx saying so in its own words, anything else a 500 with a
/// reference to the line in nano's log that holds the details.
enum InternalError {
    static func failure(for error: any Error, request: Request, logger: Logger) -> HyperFailure {
        if let failure = error as? HyperFailure { return failure }
        if let known = explained(error) { return known }
        let reference = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        // The path only: a query string could carry anything. GRDB leaves statement arguments
        // (queue secrets among them) out of its error descriptions.
        logger.error("internal error \(reference) answering \(request.method) \(request.uri.path): \(String(reflecting: error))")
        return HyperFailure(500, "internal error (reference \(reference) in nano's log)")
    }

    private static func explained(_ error: any Error) -> HyperFailure? {
        if let database = error as? DatabaseError {
            switch database.resultCode.primaryResultCode {
            case .SQLITE_FULL: return .diskFull("write")
            case .SQLITE_BUSY, .SQLITE_LOCKED:
                var failure = HyperFailure(503, "the database is busy; retry shortly")
                failure.retryAfterSeconds = 1
                return failure
            case .SQLITE_TOOBIG: return HyperFailure(413, "a value is larger than SQLite can store")
            default: return nil
            }
        }
        switch posixCode(of: error) {
        case ENOSPC?, EDQUOT?: return .diskFull("write")
        case ENAMETOOLONG?:
            return HyperFailure(400, "a name is too long: at most \(StorageStore.maxSegmentBytes) bytes per path segment")
        case ENOTDIR?, EEXIST?: return HyperFailure(409, "a path segment names an existing file, not a folder")
        default: return nil
        }
    }

    /// The errno behind a POSIX error, or behind Foundation's file error wrapping one.
    private static func posixCode(of error: any Error) -> Int32? {
        if let posix = error as? POSIXError { return posix.code.rawValue }
        let object = error as NSError
        if object.domain == NSPOSIXErrorDomain { return Int32(object.code) }
        if let underlying = object.userInfo[NSUnderlyingErrorKey] as? any Error { return posixCode(of: underlying) }
        return nil
    }
}
