import GRDB
import HyperJSON

/// The SQL of a search query whose rows are the answer: one row per match, best first, each the
/// compact JSON text of MiniSearch's result object `{id, score, terms, match, <stored fields>}`,
/// written by SQLite (`nano_found` gives `terms` and `match`, see `SearchFound`). The filter and
/// the limit are applied in the same statement, so a limit stops the work at its count (FTS5
/// orders by rank itself, and the columns are computed only for the rows returned).
///
/// The object is MiniSearch's: the stored fields follow the four fixed ones, and one named like
/// them takes its place (JavaScript's `{id, score, terms, match, ...stored}`). A stored field
/// whose value is null or missing is left out, and never matches a filter.
struct SearchAnswer {
    let sql: String
    /// The statement's arguments (the MATCH expression first).
    let arguments: StatementArguments

    init(index: SearchStore.Index, terms: [String], searched: [Int], columns: [String]?, filter: JSONObject, limit: Int?) {
        var arguments: [DatabaseValueConvertible] = [
            SearchText.matchExpression(terms: terms, columns: columns),
            limit ?? -1,
            JSON.array(terms.map(JSON.string)).compact,
            JSON.array(index.fields.map(JSON.string)).compact,
            JSON.array(searched.map { JSON($0) }).compact,
        ]
        /// A parameter for `value`, by number (the SQL is cached per shape, the values bound).
        func parameter(_ value: DatabaseValueConvertible) -> String {
            arguments.append(value)
            return "?\(arguments.count)"
        }
        let stored = Self.storedValues(index.storeFields)
        func storedValue(_ field: String) -> String? { stored.first { $0.field == field }?.value }
        func found(_ what: Int) -> String { "\(SearchFound.name)(\(index.fts), \(what), ?3, ?4, ?5)" }
        var head: [(key: String, value: String)] = [
            ("id", "json_quote(d.key)"), ("score", "CAST(-f.rank AS TEXT)"), ("terms", found(0)), ("match", found(1)),
        ]
        for index in head.indices {
            if let value = storedValue(head[index].key) { head[index].value = "coalesce(\(value), \(head[index].value))" }
        }
        var object = "'{' || " + head.map { "'\(JSON.string($0.key).compact):' || \($0.value)" }.joined(separator: " || ',' || ")
        for (field, value) in stored where !head.contains(where: { $0.key == field }) {
            let name = parameter(JSON.string(field).compact)
            object += " || CASE WHEN \(value) IS NULL THEN '' ELSE ',' || \(name) || ':' || \(value) END"
        }
        object += " || '}'"
        var conditions = ["\(index.fts) MATCH ?1"]
        for (field, wanted) in filter {
            guard let value = storedValue(field) else {
                conditions.append("0")  // a field that is not stored never matches
                continue
            }
            conditions.append("\(SearchFound.sameJSON)(\(value), \(parameter(wanted.compact)))")
        }
        sql = """
            SELECT \(object) FROM \(index.fts) f JOIN \(index.docs) d ON d.rowid = f.rowid
            WHERE \(conditions.joined(separator: " AND ")) ORDER BY f.rank LIMIT ?2
            """
        self.arguments = StatementArguments(arguments)
    }

    /// For each stored field, the SQL of its JSON text in a document's `stored` array, NULL
    /// when null or missing; a name given twice takes its last non-null value.
    private static func storedValues(_ storeFields: [String]) -> [(field: String, value: String)] {
        var values: [(field: String, value: String)] = []
        for (position, field) in storeFields.enumerated() {
            let value = "CASE json_type(d.stored, '$[\(position)]') WHEN 'null' THEN NULL ELSE d.stored -> '$[\(position)]' END"
            if let known = values.firstIndex(where: { $0.field == field }) {
                values[known].value = "coalesce(\(value), \(values[known].value))"
            } else {
                values.append((field, value))
            }
        }
        return values
    }
}
