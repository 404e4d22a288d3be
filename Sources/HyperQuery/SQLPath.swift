/// Builds the SQL expression for a JSON path (`'$."a"."b"'`) from field path components.
///
/// Object keys are always quoted, so dots, spaces and SQL quotes in keys are safe. A digits-only
/// component means an array index when the value there is an array and a key otherwise (as the
/// Swift evaluator resolves it), which needs a CASE on json_type; other paths are one literal,
/// the very text `MangoIndex.expression` puts in CREATE INDEX, so the planner can match them.
enum SQLPath {
    /// nil when a key cannot be written in a SQLite JSON path: SQLite's quoted path labels have
    /// no escapes, and it compares them with the key as escaped in the stored text.
    static func expression(_ components: [String], documentColumn: String, base: String? = nil) -> String? {
        var expression = base
        var literal = base == nil ? "$" : ""
        for component in components {
            guard component.unicodeScalars.allSatisfy({ $0 != "\"" && $0 != "\\" && $0.value >= 0x20 }) else {
                return nil
            }
            if let index = FieldPath.index(component) {
                let prefix = combine(expression, literal)
                expression = prefix + " || CASE json_type(\(documentColumn), \(prefix)) WHEN 'array' THEN "
                    + quote("[\(index)]") + " ELSE " + quote(".\"\(component)\"") + " END"
                literal = ""
            } else {
                literal += ".\"\(component)\""
            }
        }
        return combine(expression, literal)
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
