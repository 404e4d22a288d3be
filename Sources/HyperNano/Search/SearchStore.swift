import Foundation
import GRDB
import HyperJSON

/// Search indexes: documents in `search_docs_<n>`, their indexed fields in the FTS5 table
/// `search_fts_<n>` (one column per field, named c0, c1, ... so any field name works),
/// ranked with bm25.
struct SearchStore: Sendable {
    let pool: DatabasePool
    /// How long a query may run (`NanoLimits.queryTimeout`).
    let queryTimeout: Duration

    struct Index: Sendable {
        let id: Int64
        let fields: [String]
        let storeFields: [String]
        var docs: String { "search_docs_\(id)" }
        var fts: String { "search_fts_\(id)" }
    }

    struct Match: Sendable {
        let key: String
        let score: Double
        /// The stored fields present in the document (a missing or null one is left out).
        let stored: JSONObject
        /// The query terms the document holds, in query order, each with the indexes (into
        /// `Index.fields`) of the searched fields it is found in.
        let found: [(term: String, fields: [Int])]
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

    func get(_ name: String, key: String) async throws -> String {
        try await pool.read { db in
            let index = try Self.requireIndex(db, name)
            guard let text = try String.fetchOne(
                db.cachedStatement(sql: "SELECT doc FROM \(index.docs) WHERE key = ?"), arguments: [key])
            else { throw HyperFailure(404, "not found") }
            return text
        }
    }

    func remove(_ name: String, key: String) async throws {
        try await pool.write { db in
            let index = try Self.requireIndex(db, name)
            guard try Self.delete(db, index, key: key) else { throw HyperFailure(404, "not found") }
        }
    }

    /// Ranked matches for the terms, best first; `fields` restricts the searched fields.
    /// Within `queryTimeout` (503 past it).
    func query(_ name: String, terms: [String], fields: [String]?) async throws -> (Index, [Match]) {
        try await pool.read(within: queryTimeout) { db, deadline in
            let index = try Self.requireIndex(db, name)
            let searched = index.fields.indices.filter { fields?.contains(index.fields[$0]) ?? true }
            let columns = fields == nil ? nil : searched.map { "c\($0)" }
            if terms.isEmpty || columns?.isEmpty == true { return (index, []) }
            // Only what the answer needs leaves SQLite: the stored fields (kept as a JSON array
            // at write time), never the document or its indexed texts.
            let rows = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT d.key, d.stored, bm25(\(index.fts)), f.rowid FROM \(index.fts) f
                JOIN \(index.docs) d ON d.rowid = f.rowid
                WHERE \(index.fts) MATCH ? ORDER BY bm25(\(index.fts))
                """), arguments: [SearchText.matchExpression(terms: terms, columns: columns)])
            let holders = try Self.holders(db, index, terms: terms, fields: searched)
            let matches = try rows.map { row in
                try deadline.check()
                var stored: JSONObject = [:]
                let values = try JSON.parse(row[1] as String).arrayValue ?? []
                for (field, value) in zip(index.storeFields, values) where !value.isNull { stored[field] = value }
                let rowID: Int64 = row[3]
                let found = holders.compactMap { term, byField -> (term: String, fields: [Int])? in
                    let inFields = byField.filter { $0.rows.contains(rowID) }.map(\.field)
                    return inFields.isEmpty ? nil : (term, inFields)
                }
                return Match(key: row[0], score: -(row[2] as Double), stored: stored, found: found)
            }
            return (index, matches)
        }
    }

    /// For each distinct term, the rows holding it in each searched field, asked of FTS5 itself
    /// (one indexed lookup per term and field) so that a match's `terms` agree with what
    /// matched, tokenizer and all, without reading and re-tokenizing every matched text.
    private static func holders(_ db: Database, _ index: Index, terms: [String], fields: [Int]) throws
        -> [(term: String, byField: [(field: Int, rows: Set<Int64>)])]
    {
        let statement = try db.cachedStatement(sql: "SELECT rowid FROM \(index.fts) WHERE \(index.fts) MATCH ?")
        var seen: Set<String> = []
        return try terms.filter { seen.insert($0).inserted }.map { term in
            (term, try fields.map { field in
                let expression = SearchText.matchExpression(terms: [term], columns: ["c\(field)"])
                return (field, try Int64.fetchSet(statement, arguments: [expression]))
            })
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

    private static func index(_ db: Database, _ name: String) throws -> Index? {
        guard let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT id, fields, store_fields FROM search_indexes WHERE name = ?"), arguments: [name])
        else { return nil }
        let fields = try JSON.parse(row["fields"] as String).arrayValue?.compactMap(\.stringValue) ?? []
        let storeFields = try JSON.parse(row["store_fields"] as String).arrayValue?.compactMap(\.stringValue) ?? []
        return Index(id: row["id"], fields: fields, storeFields: storeFields)
    }

    private static func requireIndex(_ db: Database, _ name: String) throws -> Index {
        guard let index = try index(db, name) else { throw HyperFailure(404, "index not found") }
        return index
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
