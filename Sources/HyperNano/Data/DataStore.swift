import Foundation
import GRDB
import HyperJSON
import NanoOptions
import NIOCore
import HyperQuery

/// Data services: one table `docs_<n>(id, doc)` per database, documents stored as compact JSON
/// text so reads can return them without a parse/print round trip.
struct DataStore: Sendable {
    let pool: DatabasePool
    /// Reads by id and lists, on nano's own connections (GRDB's pooled reads cost more than
    /// SQLite's lookups on these routes).
    private let reader: SQLiteReader
    /// How long a `_query` may run (`NanoLimits.queryTimeout`).
    let queryTimeout: Duration
    /// The documents' bytes one list or query may hold (`NanoLimits.maxAnswerBytes`).
    let maxAnswerBytes: Int

    init(pool: DatabasePool, reader: SQLiteReader, queryTimeout: Duration, maxAnswerBytes: Int) {
        self.pool = pool
        self.reader = reader
        self.queryTimeout = queryTimeout
        self.maxAnswerBytes = maxAnswerBytes
    }

    struct ListOptions: Sendable {
        var startkey: String?
        var endkey: String?
        var keys: [String]?
        var limit: Int?
        var descending = false
    }

    // MARK: services

    func create(_ db: String) async throws {
        try await pool.write { database in
            if try Self.tableID(database, db) != nil { throw HyperFailure(409, "database already exists") }
            try database.execute(sql: "INSERT INTO data_dbs (name) VALUES (?)", arguments: [db])
            let table = Self.table(database.lastInsertedRowID)
            try database.execute(sql: "CREATE TABLE \(table) (id TEXT PRIMARY KEY NOT NULL, doc TEXT NOT NULL)")
        }
    }

    func destroy(_ db: String) async throws {
        try await pool.write { database in
            let table = try Self.requireTable(database, db)
            try database.execute(sql: "DROP TABLE \(table)")
            try database.execute(sql: "DELETE FROM data_indexes WHERE db_id = (SELECT id FROM data_dbs WHERE name = ?)", arguments: [db])
            try database.execute(sql: "DELETE FROM data_dbs WHERE name = ?", arguments: [db])
        }
    }

    func exists(_ db: String) async throws -> Bool {
        try await pool.read { database in try Self.tableID(database, db) != nil }
    }

    /// Removes every document and index of the database, keeping the database.
    func purge(_ db: String) async throws {
        try await pool.write { database in
            guard let id = try Self.tableID(database, db) else { return }
            let indexes = try String.fetchAll(database, sql: "SELECT sql_name FROM data_indexes WHERE db_id = ?", arguments: [id])
            for index in indexes { try database.execute(sql: "DROP INDEX IF EXISTS \"\(index)\"") }
            try database.execute(sql: "DELETE FROM data_indexes WHERE db_id = ?", arguments: [id])
            try database.execute(sql: "DELETE FROM \(Self.table(id))")
        }
    }

    // MARK: documents

    /// Inserts a new document; 409 when its `_id` exists.
    func add(_ db: String, _ doc: JSONObject) async throws -> String {
        try InputRules.checkDepth(.object(doc), field: "doc")
        let id = try DocumentID.of(doc) ?? DocumentID.generate()
        let text = JSON.object(DocumentID.stamped(doc, id: id)).compact
        try await pool.write { database in
            let table = try Self.requireTable(database, db)
            let statement = try database.cachedStatement(sql: "INSERT INTO \(table) (id, doc) VALUES (?, ?) ON CONFLICT (id) DO NOTHING")
            try statement.execute(arguments: [id, text])
            if database.changesCount == 0 { throw HyperFailure(409, "document with _id \(id) already exists") }
        }
        return id
    }

    /// The document's stored compact JSON text. The hottest route.
    func get(_ db: String, _ id: String) throws -> ByteBuffer {
        try reader.read { connection in
            let table = try Self.requireTableID(connection, db)
            guard let doc = try connection.first(.dataDocument(table: table), [.text(id)], { $0.buffer(0) }) else {
                throw Self.missingDocument(id)
            }
            return doc
        }
    }

    /// Replaces or creates the document (hyper nano's Mongo adapter upserts).
    func replace(_ db: String, _ id: String, _ doc: JSONObject) async throws {
        try InputRules.checkDepth(.object(doc), field: "doc")
        let text = JSON.object(DocumentID.stamped(doc, id: id)).compact
        try await pool.write { database in
            let table = try Self.requireTable(database, db)
            try Self.upsert(database, table: table, id: id, text: text)
        }
    }

    func remove(_ db: String, _ id: String) async throws {
        try await pool.write { database in
            let table = try Self.requireTable(database, db)
            try database.cachedStatement(sql: "DELETE FROM \(table) WHERE id = ?").execute(arguments: [id])
            if database.changesCount == 0 { throw Self.missingDocument(id) }
        }
    }

    /// Documents by `_id` range or keys, inclusive, ordered by `_id`.
    func list(_ db: String, _ options: ListOptions) throws -> [ByteBuffer] {
        let keys = options.keys.map(Self.keysArguments)
        var arguments: [SQLiteReadConnection.Argument] = []
        arguments.reserveCapacity(3 + (keys?.arguments.count ?? 0))
        if let start = options.startkey { arguments.append(.text(start)) }
        if let end = options.endkey { arguments.append(.text(end)) }
        arguments += keys?.arguments ?? []
        arguments.append(.integer(options.limit.flatMap { $0 > 0 ? Int64($0) : nil } ?? -1))
        // The closure takes the list's shape, not the options (copied at each step otherwise).
        let (from, to, slots, descending) = (options.startkey != nil, options.endkey != nil, keys?.slots, options.descending)
        return try reader.read { connection in
            let list = ReadSQL.dataList(table: try Self.requireTableID(connection, db), from: from, to: to, keys: slots,
                                        descending: descending)
            var docs: [ByteBuffer] = []
            var budget = AnswerBudget(limit: maxAnswerBytes)
            try connection.each(list, arguments) { row in
                let doc = row.buffer(0)
                try budget.take(doc.readableBytes)
                docs.append(doc)
            }
            return docs
        }
    }

    /// Keys bound one by one up to this many: `id IN (?, ?)` costs SQLite a fraction of
    /// unpacking a JSON array (`json_each`, about 2.5 us more for one key).
    static let boundKeys = 64

    /// The arguments of a list by `keys`, and how its SQL takes them (`ReadSQL.dataList`). Up
    /// to `boundKeys`, as many placeholders as the keys rounded up to a power of two, the last
    /// key repeated (which `IN` ignores), so that eight prepared statements serve every count;
    /// past it, the keys travel as one JSON array.
    static func keysArguments(_ keys: [String]) -> (slots: ReadSQL.ListKeys, arguments: [SQLiteReadConnection.Argument]) {
        guard keys.count <= boundKeys else {
            return (.jsonArray, [.text(JSON.array(keys.map(JSON.string)).compact)])
        }
        let slots = keys.count <= 1 ? keys.count : 1 << (Int.bitWidth - (keys.count - 1).leadingZeroBitCount)
        let bound = keys.map(SQLiteReadConnection.Argument.text) + Array(repeating: .text(keys.last ?? ""), count: slots - keys.count)
        return (.placeholders(slots), bound)
    }

    /// Runs a Mango query: SQL does what it can (an `_index` makes it fast), Swift the rest,
    /// both on GRDB's reader thread and within `queryTimeout` (503 past it). What the query holds
    /// is counted as it reads against `maxAnswerBytes`: its answer, or every match a Swift sort
    /// must see.
    func query(_ db: String, _ query: MangoQuery, projected: Bool) async throws -> [String] {
        do {
            return try await run(query, in: db, projected: projected)
        } catch let error as DatabaseError where Self.isUnreadableDocument(error) {
            throw Self.unreadableDocument(db)
        } catch is JSONParseError {
            // the query itself was parsed before: this is a stored document
            throw Self.unreadableDocument(db)
        }
    }

    /// A query or an index over a document SQLite or nano cannot read as JSON (nested deeper
    /// than they read, 1,000 and 512 levels, stored before nano refused such documents) is
    /// answered with what is wrong and what to do, not as an internal error. Neither SQLite
    /// nor the parser says which document.
    static func unreadableDocument(_ db: String) -> HyperFailure {
        HyperFailure(500, "database '\(db)' holds a document nested too deeply to be read as JSON (stored before nano "
                     + "refused such documents): replace or remove it, then try again")
    }

    /// SQLite's words for a document its JSON functions cannot read.
    static func isUnreadableDocument(_ error: DatabaseError) -> Bool { error.message == "malformed JSON" }

    private func run(_ query: MangoQuery, in db: String, projected: Bool) async throws -> [String] {
        let plan = query.sql(documentColumn: "doc")
        let arguments = StatementArguments(plan.arguments.map(\.databaseValue))
        return try await pool.read(within: queryTimeout) { database, deadline in
            let table = try Self.requireTable(database, db)
            let statement = try database.cachedStatement(sql: Self.selectSQL(table: table, plan: plan, query: query))
            let texts = try String.fetchCursor(statement, arguments: arguments)
            var budget = AnswerBudget(limit: maxAnswerBytes)
            let limit = query.limit ?? Self.defaultQueryLimit
            if plan.needsSwiftSort {
                var docs: [JSON] = []
                while let text = try texts.next() {
                    try deadline.check()
                    let doc = try JSON.parse(text)
                    guard try !plan.needsResidualFilter || query.matches(doc, deadline: deadline) else { continue }
                    try budget.take(text.utf8.count)
                    docs.append(doc)
                }
                var page = query.sorted(docs).dropFirst(query.skip)
                if limit > 0 { page = page.prefix(limit) }
                return page.map { (projected ? query.project($0) : $0).compact }
            }
            // SQL orders the rows (and pages them, unless Swift filters): each is kept as it comes.
            var answer: [String] = []
            var skipped = 0
            while limit <= 0 || answer.count < limit, var text = try texts.next() {
                try deadline.check()
                if plan.needsResidualFilter || projected {
                    let doc = try JSON.parse(text)
                    if plan.needsResidualFilter {
                        guard try query.matches(doc, deadline: deadline) else { continue }
                        if skipped < query.skip {
                            skipped += 1
                            continue
                        }
                    }
                    if projected { text = query.project(doc).compact }
                }
                try budget.take(text.utf8.count)
                answer.append(text)
            }
            return answer
        }
    }

    /// Writes or deletes (`_deleted: true`) every document in one transaction.
    func bulk(_ db: String, _ docs: [JSONObject]) async throws -> [String] {
        var prepared: [(id: String, text: String?)] = []
        for (index, doc) in docs.enumerated() {
            guard let id = try DocumentID.of(doc, field: "\(index)._id") else {
                throw HyperFailure.invalidArgument("\(index)._id", "Required")
            }
            try InputRules.checkDepth(.object(doc), field: "docs.\(index)")
            if doc["_deleted"] == .bool(true) {
                prepared.append((id, nil))
            } else {
                var kept = doc
                kept.removeValue(forKey: "_update")  // hyper's bulk strips it (Mongo adapter)
                prepared.append((id, JSON.object(kept).compact))
            }
        }
        let writes = prepared
        try await pool.write { database in
            let table = try Self.requireTable(database, db)
            for (id, text) in writes {
                if let text {
                    try Self.upsert(database, table: table, id: id, text: text)
                } else {
                    try database.cachedStatement(sql: "DELETE FROM \(table) WHERE id = ?").execute(arguments: [id])
                }
            }
        }
        return writes.map(\.id)
    }

    /// hyper's default for queries (Mongo and CouchDB adapters).
    static let defaultQueryLimit = 25

    /// The SELECT for a translated query: SQL filters, orders and pages unless Swift must finish
    /// the job (residual filter or a sort SQL cannot do), then it returns every candidate.
    static func selectSQL(table: String, plan: MangoSQL, query: MangoQuery) -> String {
        var sql = "SELECT doc FROM \(table)"
        if let condition = plan.whereClause { sql += " WHERE " + condition }
        if !plan.needsSwiftSort, let order = plan.orderBy { sql += " ORDER BY " + order }
        if !plan.needsResidualFilter, !plan.needsSwiftSort {
            let limit = query.limit ?? defaultQueryLimit
            sql += " LIMIT \(limit > 0 ? limit : -1) OFFSET \(query.skip)"
        }
        return sql
    }

    // MARK: helpers shared with DataIndexes

    static func table(_ id: Int64) -> String { "docs_\(id)" }

    /// The database's table id, for a read by id or a list (`ReadSQL`).
    static let tableIDSQL = "SELECT id FROM data_dbs WHERE name = ?"

    static var missingDatabase: HyperFailure { HyperFailure(404, "database does not exist") }

    static func missingDocument(_ id: String) -> HyperFailure { HyperFailure(404, "document with _id \(id) does not exist") }

    static func tableID(_ database: Database, _ db: String) throws -> Int64? {
        try Int64.fetchOne(database.cachedStatement(sql: tableIDSQL), arguments: [db])
    }

    static func requireTable(_ database: Database, _ db: String) throws -> String {
        guard let id = try tableID(database, db) else { throw missingDatabase }
        return table(id)
    }

    static func requireTableID(_ connection: SQLiteReadConnection, _ db: String) throws -> Int64 {
        let id = try connection.id(of: .dataDatabase(db)) { try connection.first(tableIDSQL, [.text(db)]) { $0.int64(0) } }
        guard let id else { throw missingDatabase }
        return id
    }

    private static func upsert(_ database: Database, table: String, id: String, text: String) throws {
        try database.cachedStatement(
            sql: "INSERT INTO \(table) (id, doc) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc"
        ).execute(arguments: [id, text])
    }
}

extension SQLValue {
    var databaseValue: DatabaseValue {
        switch self {
        case .null: .null
        case .integer(let value): value.databaseValue
        case .real(let value): value.databaseValue
        case .text(let value): value.databaseValue
        }
    }
}
