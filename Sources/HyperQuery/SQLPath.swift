/// Builds the SQL expression for a JSON path (`'$."a"."b"'`) from field path components.
///
/// Object keys are always quoted, so dots, spaces and SQL quotes in keys are safe. A digits-only
/// component means an array index when the value there is an array and a key otherwise (as the
/// Swift evaluator resolves it). Other paths are one literal, the very text
/// `MangoIndex.expression` puts in CREATE INDEX, so the planner can match them.
///
/// The first digits-only component is a CASE on the json_type of the literal path before it
/// (index-friendly, and it repeats only that literal). A later one cannot repeat its prefix, an
/// expression already: doubling it per component made `0.0.0...` exponential. It names the
/// prefix once instead, asking json_each for the child whose key is the index (an array) or
/// the label (an object); its fullkey is the path. The expression grows linearly with the path.
enum SQLPath {
    /// nil when a key cannot be written in a SQLite JSON path: SQLite's quoted path labels have
    /// no escapes, and it compares them with the key as escaped in the stored text.
    static func expression(_ components: [String], documentColumn: String, base: String? = nil) -> String? {
        var expression = base
        var literal = base == nil ? "$" : ""
        var choseChild = false
        for component in components {
            guard component.unicodeScalars.allSatisfy({ $0 != "\"" && $0 != "\\" && $0.value >= 0x20 }) else {
                return nil
            }
            guard let index = FieldPath.index(component) else {
                literal += ".\"\(component)\""
                continue
            }
            let prefix = combine(expression, literal)
            let label = quote(".\"\(component)\"")
            if choseChild {
                expression = "(SELECT fullkey FROM json_each(\(documentColumn), \(prefix))"
                    + " WHERE key = \(index) OR key = \(quote(component)))"
            } else {
                expression = prefix + " || CASE json_type(\(documentColumn), \(prefix)) WHEN 'array' THEN "
                    + quote("[\(index)]") + " ELSE " + label + " END"
            }
            literal = ""
            choseChild = true
        }
        return combine(expression, literal)
    }

    /// Whether the path's SQL is free of subqueries, as an index expression must be.
    static func isIndexable(_ components: [String]) -> Bool {
        components.count(where: { FieldPath.index($0) != nil }) <= 1
    }

    private static func combine(_ expression: String?, _ literal: String) -> String {
        guard let expression else { return quote(literal) }
        return literal.isEmpty ? expression : "\(expression) || \(quote(literal))"
    }

    /// A SQL string literal.
    static func quote(_ text: String) -> String {
        "'" + text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''") + "'"
    }
}
