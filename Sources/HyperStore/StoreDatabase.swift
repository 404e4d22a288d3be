import Foundation
import GRDB

/// Opens the SQLite files of local state: owner-only, WAL, waiting briefly on other processes
/// (the CLI and the browser may run at the same time).
enum StoreDatabase {
    /// `incrementalVacuum`: freed pages go back to the file system (a cache that evicts should
    /// shrink). SQLite only takes this setting before the first table exists, so it is set on
    /// the writer connection before the migrator creates its own table.
    /// `durable: false` trades the last transactions on power loss (never on a crash of the
    /// tool, and never consistency) for no fsync per write: right for a disposable cache,
    /// wrong for the journal, whose entry must be on disk before the write is sent.
    static func openPool(at path: String, migrator: DatabaseMigrator,
                         incrementalVacuum: Bool = false, durable: Bool = true) throws(StoreError) -> DatabasePool {
        try SecureFiles.ensureDirectory((path as NSString).deletingLastPathComponent)
        try SecureFiles.ensureFile(path)
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            try db.execute(sql: durable ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL")
            if incrementalVacuum && !db.configuration.readonly {
                try db.execute(sql: "PRAGMA auto_vacuum = INCREMENTAL")
            }
        }
        let pool = try StoreError.wrap { try DatabasePool(path: path, configuration: configuration) }
        try StoreError.wrap { try migrator.migrate(pool) }
        try SecureFiles.tightenSQLiteCompanions(of: path)
        return pool
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
