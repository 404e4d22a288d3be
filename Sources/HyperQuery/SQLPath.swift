/// Builds the SQL expression for a JSON path (`'$."a"."b"'`) from field path components.
///
/// Object keys are always quoted, so dots, spaces and SQL quotes in keys are safe. A digits-only
/// component means an array index when the value there is an array and a key otherwise (as the
/// Swift evaluator resolves it). Other paths are one literal, the very text
/// `MangoIndex.expression` puts in CREATE INDEX, so the planner can match them.
///
/// The first digits-only component is a CASE on the json_type of the literal path before it
/// (index-friendly, and it repeats only that literal). Later ones cannot repeat their prefix,
/// an expression by then: doubling it per component made `0.0.0...` exponential, and nesting
/// one subquery per component overflows SQLite's parser stack. They are one flat subquery
/// instead: a json_each per component over the children of the previous one, keeping the
/// child keyed by the index (an array) or the label (an object); the last one's fullkey is the
/// path. Its size grows linearly with the path, its nesting not at all.
enum SQLPath {
    /// nil when a key cannot be written in a SQLite JSON path: SQLite's quoted path labels have
    /// no escapes, and it compares them with the key as escaped in the stored text.
    static func expression(_ components: [String], documentColumn: String, base: String? = nil) -> String? {
        var expression = base
        var literal = base == nil ? "$" : ""
        var casedFirst = false
        var steps: [(index: Int, component: String, labels: String)] = []
        for component in components {
            guard component.unicodeScalars.allSatisfy({ $0 != "\"" && $0 != "\\" && $0.value >= 0x20 }) else {
                return nil
            }
            guard let index = FieldPath.index(component) else {
                literal += ".\"\(component)\""
                continue
            }
            if casedFirst {
                steps.append((index, component, literal))
            } else {
                let prefix = combine(expression, literal)
                expression = prefix + " || CASE json_type(\(documentColumn), \(prefix)) WHEN 'array' THEN "
                    + quote("[\(index)]") + " ELSE " + quote(".\"\(component)\"") + " END"
                casedFirst = true
            }
            literal = ""
        }
        guard let first = expression, !steps.isEmpty else { return combine(expression, literal) }
        var tables: [String] = []
        var keys: [String] = []
        for (number, step) in steps.enumerated() {
            let parent = number == 0 ? combine(first, step.labels) : combine("s\(number).fullkey", step.labels)
            tables.append("json_each(\(documentColumn), \(parent)) AS s\(number + 1)")
            keys.append("(s\(number + 1).key = \(step.index) OR s\(number + 1).key = \(quote(step.component)))")
        }
        let child = "(SELECT s\(steps.count).fullkey FROM \(tables.joined(separator: ", "))"
            + " WHERE \(keys.joined(separator: " AND ")))"
        return combine(child, literal)
    }

    /// Whether the path's SQL holds a subquery (two digits-only components or more), which an
    /// index expression may not and which takes `SQLDepth.pathSubquery` of the parser's stack.
    static func hasSubquery(_ components: [String]) -> Bool {
        components.count(where: { FieldPath.index($0) != nil }) > 1
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
