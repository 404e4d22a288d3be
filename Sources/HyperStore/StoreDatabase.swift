import Foundation
import GRDB

/// How one process uses a file of local state.
public enum StoreAccess: Sendable {
    /// Reads run beside a write (the browser loads a page while an edit is stored): a pool of
    /// connections.
    case concurrent
    /// One access at a time (a CLI command): a single connection. Opening a pool costs a
    /// reader connection more, and GRDB's WAL set-up, which writes a table into every fresh WAL
    /// (one exists only while a process has the file open) and looks the WAL file's owner up
    /// in the user database.
    case serial
}

/// One SQLite file of local state (the page cache, the journal): owner-only, WAL, waiting on
/// other processes (browsers and the CLI may write at once), and every failure names the file.
final class StoreFile: Sendable {
    let path: String
    private let database: any DatabaseWriter

    /// How long one statement waits for another process's write lock before SQLite gives up.
    static let busyTimeout: TimeInterval = 5
    /// Further attempts after SQLite reports the file busy without waiting out the timeout
    /// (it does so while another process recovers the WAL, or opens the file for the first time).
    static let busyRetries = 4

    /// `incrementalVacuum`: freed pages go back to the file system (a cache that evicts should
    /// shrink). SQLite only takes this setting before the first table exists, so it is set on
    /// the writer connection before the migrator creates its own table.
    /// `durable: false` never waits on the disk: no fsync per write nor at the checkpoints (a
    /// CLI read made 6 fdatasyncs). A crash of the tool loses nothing; power loss or an OS
    /// crash can lose the last transactions or spoil the file, which is then reported and
    /// started anew (`cache-clear`): right for a disposable cache, wrong for the journal, whose
    /// entry must be on disk before the write is sent.
    init(path: String, migrator: DatabaseMigrator, access: StoreAccess,
         incrementalVacuum: Bool = false, durable: Bool = true) throws(StoreError) {
        self.path = path
        try SecureFiles.ensureDirectory((path as NSString).deletingLastPathComponent)
        try SecureFiles.ensureFile(path)
        let synchronous = durable ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = OFF"
        var configuration = Configuration()
        configuration.busyMode = .timeout(Self.busyTimeout)
        configuration.prepareDatabase { db in
            try db.execute(sql: synchronous)
            if incrementalVacuum && !db.configuration.readonly {
                try db.execute(sql: "PRAGMA auto_vacuum = INCREMENTAL")
            }
            // A single connection sets WAL itself (a no-op once the file has it), so that a
            // browser's pool and a CLI share the file the same way whichever made it.
            if access == .serial { try db.execute(sql: "PRAGMA journal_mode = WAL") }
        }
        database = try Self.retryingBusy(path: path) { () throws -> any DatabaseWriter in
            switch access {
            case .concurrent: try DatabasePool(path: path, configuration: configuration)
            case .serial: try DatabaseQueue(path: path, configuration: configuration)
            }
        }
        if access == .concurrent {
            // GRDB's WAL set-up runs after `prepareDatabase` and sets `synchronous = NORMAL` on
            // the writer: the journal was not synced per commit, and the cache synced three times
            // at exit (the checkpoint on close). The writer gets our level back.
            try Self.retryingBusy(path: path) { try database.writeWithoutTransaction { try $0.execute(sql: synchronous) } }
        }
        try Self.retryingBusy(path: path) { try Self.migrate(database, with: migrator) }
        try SecureFiles.tightenSQLiteCompanions(of: path)
    }

    /// The writer connection's `PRAGMA synchronous` level: 0 OFF, 1 NORMAL, 2 FULL.
    var writerSynchronousLevel: Int {
        get throws(StoreError) { try Self.retryingBusy(path: path) { try database.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA synchronous") ?? -1 } } }
    }

    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        try Self.retryingBusy(path: path) { try database.read(body) }
    }

    @discardableResult
    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        let result = try Self.retryingBusy(path: path) { try database.write(body) }
        try SecureFiles.tightenSQLiteCompanions(of: path)
        return result
    }

    /// Two processes opening a new file at once both read it as unmigrated; the second one's
    /// `CREATE TABLE` then fails on the table the first made (its step rolls back whole). When a
    /// failed attempt finds steps applied that were not there before it, another process is
    /// migrating: start again from where that one got to.
    private static func migrate(_ database: any DatabaseWriter, with migrator: DatabaseMigrator) throws {
        while true {
            let before = try appliedSteps(database, migrator)
            // The usual case, a file already up to date: no write lock to wait for.
            if before.isSuperset(of: migrator.migrations) { return }
            do {
                return try migrator.migrate(database)
            } catch {
                let after = try appliedSteps(database, migrator)
                guard after.isStrictSuperset(of: before) else { throw error }
            }
        }
    }

    /// The steps applied to the file. GRDB reads its table of them and, when the read fails,
    /// answers "none" only if it then finds no such table: another process creating the table
    /// between the two makes the read fail ("no such table: grdb_migrations", seen with twelve
    /// CLI processes opening a new journal at once). The table is there by then: read again.
    private static func appliedSteps(_ database: any DatabaseWriter, _ migrator: DatabaseMigrator) throws -> Set<String> {
        var attempt = 0
        while true {
            do {
                return try database.read(migrator.appliedIdentifiers)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_ERROR && attempt < 3 {
                attempt += 1
            }
        }
    }

    /// Runs `body`, again after a short pause while SQLite reports the file busy.
    private static func retryingBusy<T>(path: String, _ body: () throws -> T) throws(StoreError) -> T {
        var attempt = 0
        while true {
            do {
                return try StoreError.wrap(path: path, body)
            } catch where error.isBusy && attempt < busyRetries {
                attempt += 1
                usleep(useconds_t(25_000 << attempt))   // 50, 100, 200, 400 ms
            }
        }
    }

    /// A migrator running each `(name, sql)` step once, in order: schemas are plain SQL scripts.
    static func migrator(steps: [(name: String, sql: String)]) -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for step in steps {
            migrator.registerMigration(step.name) { db in try db.execute(sql: step.sql) }
        }
        return migrator
    }
}
