import Foundation
import GRDB

/// Opens the SQLite files of local state: owner-only, WAL, waiting briefly on other processes
/// (the CLI and the browser may run at the same time).
enum StoreDatabase {
    /// `incrementalVacuum`: freed pages go back to the file system (a cache that evicts should
    /// shrink). SQLite only takes this setting before the first table exists, so it is set on
    /// the writer connection before the migrator creates its own table.
    static func openPool(at path: String, migrator: DatabaseMigrator,
                         incrementalVacuum: Bool = false) throws(StoreError) -> DatabasePool {
        try SecureFiles.ensureDirectory((path as NSString).deletingLastPathComponent)
        try SecureFiles.ensureFile(path)
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            if incrementalVacuum && !db.configuration.readonly {
                try db.execute(sql: "PRAGMA auto_vacuum = INCREMENTAL")
            }
        }
        let pool = try StoreError.wrap { try DatabasePool(path: path, configuration: configuration) }
        try StoreError.wrap { try migrator.migrate(pool) }
        try SecureFiles.tightenSQLiteCompanions(of: path)
        return pool
    }
}
