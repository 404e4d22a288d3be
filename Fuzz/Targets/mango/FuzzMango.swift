import FuzzSupport
import GRDB
import HyperJSON
import HyperQuery

/// A `_query` body (selector, sort, fields, limit, skip) as nano takes it, parsed and translated
/// to SQL, then run on a small fixed set of documents in an in-memory SQLite table shaped like
/// nano's. Properties:
/// - a refused query is a `MangoError` with status 400 or 422 and a message;
/// - an accepted query's SQL prepares and runs (nano would otherwise answer 500), with one
///   argument per placeholder;
/// - the SQL selects exactly the documents the Swift evaluator matches (in any order: SQL
///   sorts), or a superset of them when it asks for the residual filter;
/// - sorting and projecting the selected documents does not trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMango(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard case .object(let body)? = try? JSON.parse(fuzzBytes(data, size)) else { return 0 }
    let query: MangoQuery
    do {
        query = try MangoQuery(selector: body["selector"], sort: body["sort"], fields: body["fields"],
                               limit: body["limit"], skip: body["skip"])
    } catch {
        require(error.status == 400 || error.status == 422, "status \(error.status) for \(error.message)")
        require(!error.message.isEmpty, "an empty message")
        return 0
    }
    let plan = query.sql(documentColumn: "doc")
    let selected: [JSON]
    do {
        selected = try documents.read { db in
            let statement = try db.makeStatement(sql: select(plan, query))
            let arguments = StatementArguments(plan.arguments.map(databaseValue))
            try statement.validateArguments(arguments)   // one per placeholder
            return try String.fetchAll(statement, arguments: arguments)
        }.map { try JSON.parse($0) }
    } catch {
        require(false, "SQLite refused the SQL of \(excerpt(JSON.object(body).compact)): \(error)")
        return 0
    }
    let expected = corpus().filter(query.matches).map(id)
    if plan.needsResidualFilter {
        require(Set(expected).isSubset(of: selected.map(id)),
                "the SQL misses matches of \(excerpt(JSON.object(body).compact)): \(plan.whereClause ?? "-")")
    } else {
        require(selected.map(id).sorted() == expected.sorted(),
                "the SQL selects \(selected.map(id)), the evaluator \(expected), for \(excerpt(JSON.object(body).compact)): \(plan.whereClause ?? "-")")
    }
    _ = query.sorted(selected.filter(query.matches)).map(query.project)
    return 0
}

/// Nano's statement, without LIMIT/OFFSET (the comparison needs every candidate) and with its
/// rows in insertion order unless the query sorts.
private func select(_ plan: MangoSQL, _ query: MangoQuery) -> String {
    var sql = "SELECT doc FROM docs"
    if let condition = plan.whereClause { sql += " WHERE " + condition }
    sql += " ORDER BY " + (plan.orderBy.map { $0 + ", rowid" } ?? "rowid")
    return sql
}

private func databaseValue(_ value: SQLValue) -> DatabaseValue {
    switch value {
    case .null: .null
    case .integer(let n): n.databaseValue
    case .real(let d): d.databaseValue
    case .text(let s): s.databaseValue
    }
}

private func id(_ doc: JSON) -> String { doc["_id"]?.stringValue ?? "?" }

/// Every JSON type in the fields the seed corpus queries, including what trips a naive
/// translation: booleans beside 0/1, numeric strings, nested arrays and objects, non-ASCII.
private let corpusTexts = [
    #"{"_id":"1","a":1,"b":"x","tags":["x","y"],"o":{"p":1,"q":[1,2]}}"#,
    #"{"_id":"2","a":2.5,"b":"y","tags":[],"o":{"p":"1"}}"#,
    #"{"_id":"3","a":"1","b":null,"tags":["y",1,true],"o":[1,{"p":2}]}"#,
    #"{"_id":"4","a":true,"b":"xyz","tags":"x","o":{}}"#,
    #"{"_id":"5","a":false,"b":"Ä日本","tags":[["x"],"x"],"o":{"p":null,"q":{"r":0}}}"#,
    #"{"_id":"6","a":null,"b":"","tags":[{"k":"x","v":1},{"k":"y","v":2}]}"#,
    #"{"_id":"7","a":[1,2,3],"b":"ab","o":{"p":-1e2}}"#,
    #"{"_id":"8","a":{"x":1},"b":"a.b","a.b":1,"tags":[null]}"#,
    #"{"_id":"9","a":0,"b":"0","tags":[0,false,""],"o":{"p":[{"q":1}]}}"#,
    #"{"_id":"10"}"#,
    #"{"_id":"11","a":-3,"b":"X","tags":["x","x"],"o":{"p":"abc","q":"[1]"}}"#,
    #"{"_id":"12","a":1e300,"b":"b\nc","tags":[1.5,2],"o":{"p":true}}"#,
]

/// The documents, parsed for each input: a global of parsed JSON would be reported as leaked,
/// since LeakSanitizer cannot see through the spare bits Swift packs into enum payloads.
private func corpus() -> [JSON] { corpusTexts.map { try! JSON.parse($0) } }

/// nano's table shape (`id`, `doc` as compact JSON text), in memory.
private let documents: DatabaseQueue = {
    let queue = try! DatabaseQueue()
    try! queue.write { db in
        try db.execute(sql: "CREATE TABLE docs (id TEXT PRIMARY KEY NOT NULL, doc TEXT NOT NULL)")
        for doc in corpus() {
            try db.execute(sql: "INSERT INTO docs (id, doc) VALUES (?, ?)", arguments: [id(doc), doc.compact])
        }
    }
    return queue
}()
