import GRDB

/// A table of named containers whose contents are rows of another table that name their
/// container: cache stores and their entries, queues and their jobs. Creating, dropping, finding,
/// listing and emptying one are the same SQL for both; only the tables and the noun in the
/// errors differ. The SQL is built once here, not per request.
struct ContainerTable: Sendable {
    /// The containers' table, keyed by `name`.
    let table: String
    /// "SELECT 1 ..." for one container by name (also run on `SQLiteReader` connections).
    let existsSQL: String
    /// 404 `<noun> not found`.
    let missing: HyperFailure
    private let conflict: HyperFailure
    private let dropSQL: String
    private let emptySQL: String
    private let namesSQL: String

    /// `contents` holds the containers' rows, naming theirs in `owner`; `noun` is what the
    /// errors call a container ("cache", "queue").
    init(_ table: String, contents: String, owner: String, noun: String) {
        self.table = table
        existsSQL = "SELECT 1 FROM \(table) WHERE name = ?"
        missing = HyperFailure(404, "\(noun) not found")
        conflict = HyperFailure(409, "\(noun) already exists")
        dropSQL = "DELETE FROM \(table) WHERE name = ?"
        emptySQL = "DELETE FROM \(contents) WHERE \(owner) = ?"
        namesSQL = "SELECT name FROM \(table) ORDER BY name"
    }

    /// Inserts the container's row (`columns` holds its `name` and any other columns); 409 when
    /// the name is taken.
    func create(_ db: Database, _ columns: [String: (any DatabaseValueConvertible)?]) throws {
        let names = columns.keys.sorted()
        try db.execute(
            sql: "INSERT INTO \(table) (\(names.joined(separator: ", "))) VALUES (\(names.map { ":" + $0 }.joined(separator: ", ")))"
                + " ON CONFLICT DO NOTHING",
            arguments: StatementArguments(columns))
        if db.changesCount == 0 { throw conflict }
    }

    /// Deletes the container and its contents; 404 when there is none.
    func drop(_ db: Database, _ name: String) throws {
        try db.execute(sql: dropSQL, arguments: [name])
        if db.changesCount == 0 { throw missing }
        try empty(db, name)
    }

    /// Deletes the container's contents, keeping the container.
    func empty(_ db: Database, _ name: String) throws {
        try db.execute(sql: emptySQL, arguments: [name])
    }

    func exists(_ db: Database, _ name: String) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: existsSQL), arguments: [name]) ?? false
    }

    /// 404 unless the container exists.
    func require(_ db: Database, _ name: String) throws {
        guard try exists(db, name) else { throw missing }
    }

    func names(_ db: Database) throws -> [String] {
        try String.fetchAll(db, sql: namesSQL)
    }
}
