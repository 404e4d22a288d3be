import GRDB
import GRDBSQLite
import HyperJSON
@testable import HyperQuery

/// A real in-memory SQLite table of JSON documents, queried the way the server does: the
/// generated WHERE and ORDER BY, then the residual filter and Swift sort when asked for.
struct DocumentTable {
    let queue: DatabaseQueue

    /// `defaultLimits`: SQLite's default build limits, where Debian's raises the number of
    /// bound variables from 32,766 to 250,000.
    init(_ docs: [JSON], defaultLimits: Bool = false) throws {
        var configuration = Configuration()
        if defaultLimits {
            configuration.prepareDatabase { db in
                sqlite3_limit(db.sqliteConnection, SQLITE_LIMIT_VARIABLE_NUMBER, 32_766)
            }
        }
        queue = try DatabaseQueue(configuration: configuration)
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE docs (id INTEGER PRIMARY KEY, doc TEXT NOT NULL)")
            for doc in docs {
                try db.execute(sql: "INSERT INTO docs (doc) VALUES (?)", arguments: [doc.compact])
            }
        }
    }

    func createIndex(_ name: String, fields: JSON) throws {
        let columns = try MangoIndex.fields(fields).map {
            MangoIndex.expression(forField: $0.path, documentColumn: "doc") + ($0.descending ? " DESC" : "")
        }
        try queue.write { db in
            try db.execute(sql: "CREATE INDEX \(name) ON docs (\(columns.joined(separator: ", ")))")
        }
    }

    /// The rows the SQL alone selects, in SQL order (by rowid when there is no ORDER BY).
    func sqlRows(_ sql: MangoSQL) throws -> [JSON] {
        let texts = try queue.read { db in
            try String.fetchAll(db, sql: statement(sql), arguments: StatementArguments(sql.arguments.map(\.databaseValue)))
        }
        return try texts.map { try JSON.parse($0) }
    }

    /// The query's answer: SQL, then residual filter, Swift sort, skip and limit.
    func run(_ query: MangoQuery) throws -> [JSON] {
        let sql = query.sql(documentColumn: "doc")
        var docs = try sqlRows(sql)
        if sql.needsResidualFilter { docs = docs.filter(query.matches) }
        if sql.needsSwiftSort { docs = query.sorted(docs) }
        docs = Array(docs.dropFirst(query.skip))
        if let limit = query.limit { docs = Array(docs.prefix(limit)) }
        return docs.map(query.project)
    }

    func queryPlan(_ sql: MangoSQL, tieBreaker: Bool = true) throws -> String {
        try queue.read { db in
            let rows = try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + statement(sql, tieBreaker: tieBreaker),
                                        arguments: StatementArguments(sql.arguments.map(\.databaseValue)))
            return rows.map { $0["detail"] as String? ?? "" }.joined(separator: "\n")
        }
    }

    /// Rows with equal sort keys come back by rowid, so that tests can compare orders.
    private func statement(_ sql: MangoSQL, tieBreaker: Bool = true) -> String {
        var text = "SELECT doc FROM docs"
        if let whereClause = sql.whereClause { text += " WHERE \(whereClause)" }
        if let orderBy = sql.orderBy {
            text += " ORDER BY \(orderBy)" + (tieBreaker ? ", id" : "")
        } else if tieBreaker {
            text += " ORDER BY id"
        }
        return text
    }
}

extension SQLValue {
    var databaseValue: DatabaseValue {
        switch self {
        case .null: .null
        case .integer(let n): n.databaseValue
        case .real(let d): d.databaseValue
        case .text(let s): s.databaseValue
        }
    }
}

/// Shorthand for building a query in tests.
func query(_ selector: JSON? = nil, sort: JSON? = nil, fields: JSON? = nil,
           limit: JSON? = nil, skip: JSON? = nil) throws(MangoError) -> MangoQuery {
    try MangoQuery(selector: selector, sort: sort, fields: fields, limit: limit, skip: skip)
}
