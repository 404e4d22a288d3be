import Foundation
import GRDB
import HyperJSON
import NanoOptions
import NIOCore

/// Search indexes: documents in `search_docs_<n>`, their indexed fields in the FTS5 table
/// `search_fts_<n>` (one column per field, named c0, c1, ... so any field name works),
/// ranked with bm25.
struct SearchStore: Sendable {
    let pool: DatabasePool
    /// Reads by key, on nano's own connections (see `SQLiteReader`).
    let reader: SQLiteReader
    /// How long a query may run (`NanoLimits.queryTimeout`).
    let queryTimeout: Duration
    /// The matches' bytes one query may hold (`NanoLimits.maxAnswerBytes`).
    let maxAnswerBytes: Int
    /// The memory searches write their matches into.
    let scratch = FoundMatchesPool()

    struct Index: Sendable {
        let id: Int64
        let fields: [String]
        let storeFields: [String]
        var docs: String { Self.docs(id) }
        static func docs(_ id: Int64) -> String { "search_docs_\(id)" }
        var fts: String { "search_fts_\(id)" }
    }

    func create(_ name: String, fields: [String], storeFields: [String]) async throws {
        let fieldsText = JSON.array(fields.map(JSON.string)).compact
        let storeText = JSON.array(storeFields.map(JSON.string)).compact
        try await pool.write { db in
            if try Self.index(db, name) != nil { throw HyperFailure(409, "index already exists") }
            try db.execute(
                sql: "INSERT INTO search_indexes (name, fields, store_fields) VALUES (?, ?, ?)",
                arguments: [name, fieldsText, storeText])
            let index = Index(id: db.lastInsertedRowID, fields: fields, storeFields: storeFields)
            try db.execute(sql: "CREATE TABLE \(index.docs) (\(Self.docsColumns))")
            let columns = fields.indices.map { "c\($0)" }.joined(separator: ", ")
            try db.execute(sql: "CREATE VIRTUAL TABLE \(index.fts) USING fts5(\(columns), tokenize='unicode61 remove_diacritics 2')")
        }
    }

    /// Deletes the index; fine when it does not exist (as hyper's minisearch adapter).
    func destroy(_ name: String) async throws {
        try await pool.write { db in
            guard let index = try Self.index(db, name) else { return }
            try db.execute(sql: "DROP TABLE \(index.docs)")
            try db.execute(sql: "DROP TABLE \(index.fts)")
            try db.execute(sql: "DELETE FROM search_indexes WHERE id = ?", arguments: [index.id])
        }
    }

    func exists(_ name: String) async throws -> Bool {
        try await pool.read { db in try Self.index(db, name) != nil }
    }

    func purge(_ name: String) async throws {
        try await pool.write { db in
            guard let index = try Self.index(db, name) else { return }
            try db.execute(sql: "DELETE FROM \(index.docs)")
            try db.execute(sql: "DELETE FROM \(index.fts)")
        }
    }

    /// Indexes a new document under `key`; 409 when the key exists.
    func add(_ name: String, key: String, doc: JSONObject) async throws {
        let stored = Self.stored(key: key, doc: doc)
        try await pool.write { db in
            let index = try Self.requireIndex(db, name)
            if try Self.rowID(db, index, key) != nil { throw HyperFailure(409, "document conflict") }
            try Self.write(db, index, key: key, doc: stored)
        }
    }

    /// Creates or replaces documents (PUT and `_bulk` upsert).
    func upsert(_ name: String, _ docs: [(key: String, doc: JSONObject)]) async throws {
        let prepared = docs.map { (key: $0.key, doc: Self.stored(key: $0.key, doc: $0.doc)) }
        try await pool.write { db in
            let index = try Self.requireIndex(db, name)
            for (key, doc) in prepared {
                try Self.delete(db, index, key: key)
                try Self.write(db, index, key: key, doc: doc)
            }
        }
    }

    func get(_ name: String, key: String) throws -> ByteBuffer {
        try reader.read { connection in
            let id = try connection.id(of: .searchIndex(name)) { try connection.first(Self.indexIDSQL, [.text(name)]) { $0.int64(0) } }
            guard let id else { throw Self.missingIndex }
            let doc = try connection.first(.searchDocument(index: id), [.text(key)]) { $0.buffer(0) }
            guard let doc else { throw HyperFailure(404, "not found") }
            return doc
        }
    }

    func remove(_ name: String, key: String) async throws {
        try await pool.write { db in
            let index = try Self.requireIndex(db, name)
            guard try Self.delete(db, index, key: key) else { throw HyperFailure(404, "not found") }
        }
    }

    /// The value of `answer` for the matches, best first (see `SearchAnswer`, `FoundMatches`):
    /// `fields` restricts the searched fields, `filter` keeps the matches whose stored fields
    /// equal its values, `limit` keeps the best ones. Within `queryTimeout` (503 past it).
    func query<T>(_ name: String, terms: [String], fields: [String]?, filter: JSONObject, limit: Int?,
                  answer: (FoundMatches) -> T) async throws -> T {
        // On the caller's thread (a heavy request's own): no hand-off to GRDB's reader and back.
        try await reader.read(within: queryTimeout) { connection, _ in
            let index = try Self.requireIndex(connection, name)
            let searched = index.fields.indices.filter { fields?.contains(index.fields[$0]) ?? true }
            return try scratch.borrow { matches in
                matches.limit = maxAnswerBytes
                if !terms.isEmpty && !searched.isEmpty {
                    let statement = SearchAnswer(index: index, terms: terms, searched: searched,
                                                 columns: fields == nil ? nil : searched.map { "c\($0)" }, filter: filter,
                                                 limit: limit, into: matches)
                    try connection.each(statement.sql, statement.arguments) { _ in }
                }
                if matches.overflowed { throw AnswerBudget(limit: maxAnswerBytes).refusal }
                return answer(matches)
            }
        }
    }

    // MARK: helpers

    /// `stored` holds the values of the index's store fields as a JSON array, in their order.
    static let docsColumns = "rowid INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, doc TEXT NOT NULL, stored TEXT NOT NULL DEFAULT '[]'"

    /// minisearch stores `{_id: key, ...doc}`, so a `doc._id` wins.
    private static func stored(key: String, doc: JSONObject) -> JSON {
        var stored: JSONObject = ["_id": .string(key)]
        for (field, value) in doc { stored[field] = value }
        return .object(stored)
    }

    private static let indexIDSQL = "SELECT id FROM search_indexes WHERE name = ?"
    private static var missingIndex: HyperFailure { HyperFailure(404, "index not found") }

    private static let indexSQL = "SELECT id, fields, store_fields FROM search_indexes WHERE name = ?"

    /// An index from its row: its fields are kept as JSON arrays of names.
    private static func index(id: Int64, fields: String, storeFields: String) throws -> Index {
        func names(_ text: String) throws -> [String] { try JSON.parse(text).arrayValue?.compactMap(\.stringValue) ?? [] }
        return Index(id: id, fields: try names(fields), storeFields: try names(storeFields))
    }

    private static func index(_ db: Database, _ name: String) throws -> Index? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: indexSQL), arguments: [name]) else { return nil }
        return try index(id: row[0], fields: row[1], storeFields: row[2])
    }

    private static func requireIndex(_ db: Database, _ name: String) throws -> Index {
        guard let index = try index(db, name) else { throw missingIndex }
        return index
    }

    private static func requireIndex(_ connection: SQLiteReadConnection, _ name: String) throws -> Index {
        let row = try connection.first(indexSQL, [.text(name)]) { (id: $0.int64(0), fields: $0.text(1), storeFields: $0.text(2)) }
        guard let row else { throw missingIndex }
        return try index(id: row.id, fields: row.fields, storeFields: row.storeFields)
    }

    private static func rowID(_ db: Database, _ index: Index, _ key: String) throws -> Int64? {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT rowid FROM \(index.docs) WHERE key = ?"), arguments: [key])
    }

    private static func write(_ db: Database, _ index: Index, key: String, doc: JSON) throws {
        let stored = JSON.array(index.storeFields.map { doc[$0] ?? doc.value(atPath: $0) ?? .null })
        try db.cachedStatement(sql: "INSERT INTO \(index.docs) (key, doc, stored) VALUES (?, ?, ?)")
            .execute(arguments: [key, doc.compact, stored.compact])
        let rowID = db.lastInsertedRowID
        let placeholders = Array(repeating: "?", count: index.fields.count).joined(separator: ", ")
        var values: [DatabaseValueConvertible] = [rowID]
        values.append(contentsOf: index.fields.map { SearchText.fieldText(doc, $0) })
        let columns = (["rowid"] + index.fields.indices.map { "c\($0)" }).joined(separator: ", ")
        try db.cachedStatement(sql: "INSERT INTO \(index.fts) (\(columns)) VALUES (?, \(placeholders))")
            .execute(arguments: StatementArguments(values))
    }

    @discardableResult
    private static func delete(_ db: Database, _ index: Index, key: String) throws -> Bool {
        guard let rowID = try rowID(db, index, key) else { return false }
        try db.cachedStatement(sql: "DELETE FROM \(index.fts) WHERE rowid = ?").execute(arguments: [rowID])
        try db.cachedStatement(sql: "DELETE FROM \(index.docs) WHERE rowid = ?").execute(arguments: [rowID])
        return true
    }
}
