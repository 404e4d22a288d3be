import HyperJSON

/// The SQL of a search query whose rows are the answer: one row per match, best first, each the
/// compact JSON text of MiniSearch's result object, written by `nano_match` (see `SearchFound`).
/// The filter and the limit are applied in the same statement, and FTS5 orders by rank itself,
/// so a limit stops the work at its count: only the rows returned are written.
struct SearchAnswer {
    let sql: String
    /// The statement's arguments (the MATCH expression first, the limit second).
    let arguments: [SQLiteReadConnection.Argument]

    init(index: SearchStore.Index, terms: [String], searched: [Int], columns: [String]?, filter: JSONObject, limit: Int?) {
        var arguments: [SQLiteReadConnection.Argument] = [
            .text(SearchText.matchExpression(terms: terms, columns: columns)),
            .integer(Int64(limit ?? -1)),
            .text(JSON.array(terms.map(JSON.string)).compact),
            .text(JSON.array(index.fields.map(JSON.string)).compact),
            .text(JSON.array(searched.map { JSON($0) }).compact),
            .text(JSON.array(index.storeFields.map(JSON.string)).compact),
        ]
        var conditions = ["\(index.fts) MATCH ?1"]
        for (field, wanted) in filter {
            // A field that is not stored never matches; a name stored twice is its last non-null value.
            let positions = index.storeFields.indices.filter { index.storeFields[$0] == field }.reversed()
            guard !positions.isEmpty else {
                conditions.append("0")
                continue
            }
            let values = positions.map { "CASE json_type(d.stored, '$[\($0)]') WHEN 'null' THEN NULL ELSE d.stored -> '$[\($0)]' END" }
            arguments.append(.text(wanted.compact))
            conditions.append("\(SearchFound.sameJSON)(coalesce(\(values.joined(separator: ", ")), NULL), ?\(arguments.count))")
        }
        sql = """
            SELECT \(SearchFound.match)(\(index.fts), ?3, ?4, ?5, ?6, d.key, f.rank, d.stored)
            FROM \(index.fts) f JOIN \(index.docs) d ON d.rowid = f.rowid
            WHERE \(conditions.joined(separator: " AND ")) ORDER BY f.rank LIMIT ?2
            """
        self.arguments = arguments
    }
}
