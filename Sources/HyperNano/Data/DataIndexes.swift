import Foundation
import GRDB
import HyperJSON
import HyperQuery

/// `POST /data/{db}/_index`: a real SQLite expression index over the same `json_extract`
/// expressions the query translation emits, so the planner uses it for selectors and sorts.
extension DataStore {
    /// Creates the index; the same name with the same definition again is fine, with a different
    /// one it is 409 (as Mongo's "index already exists with different options").
    func createIndex(_ db: String, name: String, fields: JSON, partialFilter: JSONObject?) async throws {
        let columns: [(path: String, descending: Bool)]
        do {
            columns = try MangoIndex.fields(fields)
        } catch {
            throw HyperFailure(error.status, error.message)
        }
        guard !columns.isEmpty else { throw HyperFailure.invalidArgument("fields", "Array must contain at least 1 element(s)") }
        let partialSQL = try partialFilter.map { filter throws in try Self.partialWhere(filter) } ?? nil
        var definition: JSONObject = ["fields": fields]
        if let partialFilter { definition["partialFilter"] = .object(partialFilter) }
        let definitionText = JSON.object(definition).compact
        let expressions = columns.map {
            MangoIndex.expression(forField: $0.path, documentColumn: "doc") + ($0.descending ? " DESC" : "")
        }
        try await pool.write { database in
            guard let dbID = try Self.tableID(database, db) else { throw DataStore.missingDatabase }
            if let existing = try String.fetchOne(
                database, sql: "SELECT definition FROM data_indexes WHERE db_id = ? AND name = ?", arguments: [dbID, name]
            ) {
                if existing == definitionText { return }
                throw HyperFailure(409, "index \(name) already exists with different fields")
            }
            try database.execute(
                sql: "INSERT INTO data_indexes (db_id, name, definition, sql_name) VALUES (?, ?, ?, '')",
                arguments: [dbID, name, definitionText])
            let sqlName = "idx_\(dbID)_\(database.lastInsertedRowID)"
            try database.execute(sql: "UPDATE data_indexes SET sql_name = ? WHERE db_id = ? AND name = ?", arguments: [sqlName, dbID, name])
            let ddl = "CREATE INDEX \"\(sqlName)\" ON \(Self.table(dbID)) (\(expressions.joined(separator: ", ")))"
            if let partialSQL {
                do {
                    try database.execute(sql: ddl + " WHERE " + partialSQL)
                    return
                } catch let error as DatabaseError where error.message?.contains("prohibited in partial index") == true {
                    // SQLite allows no subqueries there (array-aware equality uses json_each):
                    // index every row instead, which is still correct.
                }
            }
            do {
                try database.execute(sql: ddl)
            } catch let error as DatabaseError where DataStore.isUnreadableDocument(error) {
                throw DataStore.unreadableDocument(db)
            }
        }
    }

    /// The partial index's WHERE with its arguments written as literals (DDL cannot bind them),
    /// or nil when the filter cannot be expressed fully in SQL: then the index covers every row,
    /// which is still correct, only larger.
    private static func partialWhere(_ filter: JSONObject) throws -> String? {
        let query: MangoQuery
        do {
            query = try MangoQuery(selector: .object(filter), sort: nil, fields: nil, limit: nil, skip: nil)
        } catch {
            throw HyperFailure(error.status, "partialFilter: " + error.message)
        }
        let plan = query.sql(documentColumn: "doc")
        guard !plan.needsResidualFilter, let clause = plan.whereClause else { return nil }
        return inline(clause, plan.arguments)
    }

    /// Replaces each `?` placeholder outside quoted text with its argument as an SQL literal.
    static func inline(_ clause: String, _ arguments: [SQLValue]) -> String? {
        var result = ""
        var remaining = arguments[...]
        var quote: Character?
        for character in clause {
            if let open = quote {
                if character == open { quote = nil }
                result.append(character)
            } else if character == "'" || character == "\"" {
                quote = character
                result.append(character)
            } else if character == "?" {
                guard let argument = remaining.popFirst() else { return nil }
                result += argument.literal
            } else {
                result.append(character)
            }
        }
        return remaining.isEmpty ? result : nil
    }
}

extension SQLValue {
    /// The value as an SQL literal.
    var literal: String {
        switch self {
        case .null: "NULL"
        case .integer(let value): String(value)
        case .real(let value): value.isFinite ? "\(value)" : "NULL"
        case .text(let value): "'" + value.replacingOccurrences(of: "'", with: "''") + "'"
        }
    }
}
