import HyperJSON

/// The bridge between `_index` and queries: an index created on `expression(forField:)` is the
/// very expression the generated WHERE and ORDER BY use, so SQLite's planner can pick it.
public enum MangoIndex {
    /// `json_extract(<documentColumn>, '$."a"."b"')` for `a.b`. Call it only with paths accepted
    /// by `fields(_:)`.
    public static func expression(forField path: String, documentColumn: String) -> String {
        let components = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let pathSQL = SQLPath.expression(components, documentColumn: documentColumn) ?? SQLPath.quote("$")
        return "json_extract(\(documentColumn), \(pathSQL))"
    }

    /// The index fields of `POST /data/{db}/_index`: `["a"]` or `[{"a":"DESC"}]`.
    public static func fields(_ fields: JSON) throws(MangoError) -> [(path: String, descending: Bool)] {
        let keys = try SortKey.parse(fields, field: "fields")
        guard !keys.isEmpty else { throw .invalidArgument("fields", "Expected at least one field.") }
        for key in keys where SQLPath.expression(key.path.components, documentColumn: "doc") == nil {
            throw .invalidArgument("fields", "field '\(key.path.text)' has a character an index path cannot hold (\", \\ or a control character).")
        }
        for key in keys where SQLPath.hasSubquery(key.path.components) {
            throw .invalidArgument("fields", "field '\(key.path.text)' has more than one array-index segment, which an index cannot hold.")
        }
        return keys.map { ($0.path.text, $0.descending) }
    }
}
