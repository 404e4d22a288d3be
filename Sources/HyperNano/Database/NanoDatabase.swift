import Foundation
import Glibc
import GRDB
import HyperJSON
import HyperQuery

/// The one SQLite database (WAL) holding data, cache, search and queue state of every domain.
///
/// Durability: WAL with `synchronous=NORMAL` makes a committed transaction survive the death of
/// the process (kill -9), which is what a 2xx answer promises; only an OS crash or power loss can
/// roll back the last transactions. All writes go through GRDB's single writer, so concurrent
/// requests never lose an update.
enum NanoDatabase {
    /// Reads map the file instead of copying each page through pread(): a search that returns
    /// thousands of rows touches thousands of pages. Address space, not memory.
    static let mmapPragma = "PRAGMA mmap_size = 1073741824"

    /// A transaction larger than the auto-checkpoint grows the WAL to its size, and SQLite keeps
    /// the file that large afterwards; past this limit the next checkpoint truncates it.
    static let walSizeLimit = 16 * 1_048_576

    /// The database in `directory`, migrated, and the count of its commits (`Commits`).
    static func open(directory: String) throws -> (pool: DatabasePool, commits: Commits) {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let commits = Commits()
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.maximumReaderCount = 8
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: mmapPragma)
            try db.execute(sql: "PRAGMA journal_size_limit = \(walSizeLimit)")
            if let connection = db.sqliteConnection { commits.countCommits(of: connection) }
        }
        let pool = try DatabasePool(path: directory + "/nano.sqlite", configuration: configuration)
        try migrator.migrate(pool)
        return (pool, commits)
    }

    /// After a bulk load (the demo seed), gives disk and memory back: the WAL is checkpointed
    /// into the database and truncated to nothing, SQLite's caches are released (reader
    /// connections closed, the writer's cache emptied), and glibc returns the heap pages the
    /// load freed to the system (without `malloc_trim` they stay resident in its arenas).
    static func giveBack(_ pool: DatabasePool) async throws {
        try await pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        pool.releaseMemory()
        trimHeap()
    }

    /// glibc's `malloc_trim(0)`, which Swift's Glibc module does not declare: looked up at run
    /// time (and skipped on a C library without it).
    private static func trimHeap() {
        guard let symbol = dlsym(nil, "malloc_trim") else { return }
        typealias MallocTrim = @convention(c) (Int) -> Int32
        _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE data_dbs (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
                CREATE TABLE data_indexes (
                    db_id INTEGER NOT NULL, name TEXT NOT NULL, definition TEXT NOT NULL, sql_name TEXT NOT NULL,
                    PRIMARY KEY (db_id, name));
                CREATE TABLE cache_stores (name TEXT PRIMARY KEY);
                CREATE TABLE cache_entries (
                    store TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, expires_at REAL,
                    PRIMARY KEY (store, key)) WITHOUT ROWID;
                CREATE TABLE search_indexes (
                    id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, fields TEXT NOT NULL, store_fields TEXT NOT NULL);
                CREATE TABLE queues (name TEXT PRIMARY KEY, target TEXT NOT NULL, secret TEXT);
                CREATE TABLE jobs (
                    id INTEGER PRIMARY KEY AUTOINCREMENT, queue TEXT NOT NULL, job TEXT NOT NULL,
                    status TEXT NOT NULL, timestmp INTEGER NOT NULL, error TEXT);
                CREATE INDEX jobs_by_queue ON jobs (queue, status, id);
                CREATE TABLE nano_deliveries (digest TEXT PRIMARY KEY) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v2: search stored fields") { db in
            // Search answers read the stored fields from their own column instead of parsing
            // each whole document.
            for row in try Row.fetchAll(db, sql: "SELECT id, store_fields FROM search_indexes") {
                let id: Int64 = row["id"]
                let fields = try JSON.parse(row["store_fields"] as String).arrayValue?.compactMap(\.stringValue) ?? []
                let values = fields.map { MangoIndex.expression(forField: $0, documentColumn: "doc") }
                try db.execute(sql: "ALTER TABLE search_docs_\(id) ADD COLUMN stored TEXT NOT NULL DEFAULT '[]'")
                if !values.isEmpty {
                    try db.execute(sql: "UPDATE search_docs_\(id) SET stored = json_array(\(values.joined(separator: ", ")))")
                }
            }
        }
        migrator.registerMigration("v3: cache expiry index") { db in
            // Every cache query first deletes its store's expired keys. `expires_at` lies after
            // `value` in a row, so finding them read every value of the store, through overflow
            // pages for large ones: 14.7 ms for 2,000 values of 20 KB, against 0.02 ms by index.
            try db.execute(sql: "CREATE INDEX cache_entries_expiry ON cache_entries (store, expires_at)")
        }
        return migrator
    }
}
