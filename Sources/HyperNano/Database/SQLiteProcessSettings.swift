import CSQLiteSettings
import GRDBSQLite

/// SQLite's process-wide settings for the server program, which SQLite accepts only before it
/// initialises: `hyper-vision-nano` applies them first thing in `main`, before any connection
/// opens (the first `sqlite3_open` initialises SQLite).
public enum SQLiteProcessSettings {
    /// Turns off SQLite's memory statistics (on by default), which nano never reads. With them
    /// on, every `sqlite3_malloc` and `sqlite3_free` takes one process-wide mutex to count the
    /// bytes; the two event loops, each reading through a connection of its own, then contend
    /// for it on every light read (perf on GET by id under wrk: the mutex's lock and its cache
    /// line moving between the cores).
    public static func turnOffMemoryStatistics() throws(Refusal) {
        let code = csqlite_config_memstatus(0)
        guard code == SQLITE_OK else { throw Refusal(setting: "memory statistics", code: code) }
    }

    /// SQLite refused a setting: SQLite had already initialised (SQLITE_MISUSE), or its build
    /// does not know the setting.
    public struct Refusal: Error, CustomStringConvertible {
        public let setting: String
        public let code: Int32

        public var description: String {
            let why = code == SQLITE_MISUSE ? "SQLite was already initialised" : String(cString: sqlite3_errstr(code))
            return "SQLite refused to turn off its \(setting) (sqlite3_config returned \(code): \(why))"
        }
    }
}
