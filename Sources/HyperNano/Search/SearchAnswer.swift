import HyperJSON

/// The SQL of a search query: `nano_match` writes each match, MiniSearch's result object with
/// its score, into a `FoundMatches` (see `SearchFound`). The filter and the limit are applied
/// in the same statement.
///
/// Without a limit every match is written, in the order FTS5 walks its doclists (rowid order),
/// each match's phrase positions at hand for `nano_match`; `FoundMatches` then orders them by
/// score. Sorting in SQL cost a second bm25 per match and a copy of every written row into
/// SQLite's sorter, and FTS5's own rank order (`ORDER BY rank`) scores every match, sorts them,
/// then seeks each one's positions again: 13 ms instead of 6 for 3,370 matches of 100,000
/// documents. With a limit FTS5 orders by rank itself, so only the rows returned are sought
/// again and written.
struct SearchAnswer {
    let sql: String
    /// The statement's arguments (the MATCH expression first, the limit second).
    let arguments: [SQLiteReadConnection.Argument]

    /// `found` must outlive the statement's run.
    init(index: SearchStore.Index, terms: [String], searched: [Int], columns: [String]?, filter: JSONObject, limit: Int?,
         into found: FoundMatches) {
        var arguments: [SQLiteReadConnection.Argument] = [
            .text(SearchText.matchExpression(terms: terms, columns: columns)),
            .integer(Int64(limit ?? -1)),
            .text(JSON.array(terms.map(JSON.string)).compact),
            .text(JSON.array(index.fields.map(JSON.string)).compact),
            .text(JSON.array(searched.map { JSON($0) }).compact),
            .text(JSON.array(index.storeFields.map(JSON.string)).compact),
            .pointer(Unmanaged.passUnretained(found).toOpaque(), type: SearchFound.foundType),
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
            SELECT \(SearchFound.match)(\(index.fts), ?3, ?4, ?5, ?6, d.key, f.rank, d.stored, ?7)
            FROM \(index.fts) f JOIN \(index.docs) d ON d.rowid = f.rowid
            WHERE \(conditions.joined(separator: " AND ")) \(limit == nil ? "" : "ORDER BY f.rank") LIMIT ?2
            """
        self.arguments = arguments
    }
}
