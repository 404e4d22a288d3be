import HyperJSON

/// Turns what the user types after `/` in the data pane into a Mango selector: either JSON
/// (`{"type":"movie"}`) or the shorthand `type=movie year>1984 title~^Back` (`=` `!=` `>` `>=`
/// `<` `<=` and `~` for a regular expression; values that read as numbers, `true`, `false` or
/// `null` are those JSON values, anything else a string; double quotes keep spaces).
public enum SelectorParser {
    public struct Failure: Error, Equatable, Sendable {
        public let message: String
    }

    public static func parse(_ input: String) throws(Failure) -> JSON {
        let text = input.trimmingWhitespace
        if text.isEmpty { return .object([:]) }
        if text.hasPrefix("{") {
            let value: JSON
            do { value = try JSON.parse(text) } catch { throw Failure(message: "selector JSON: \(error.description)") }
            guard value.objectValue != nil else { throw Failure(message: "a selector must be a JSON object") }
            return value
        }
        var selector: JSONObject = [:]
        for token in try tokens(text) {
            let (field, op, rawValue) = try split(token)
            let value = op == "$regex" ? JSON.string(rawValue) : literal(rawValue)
            if op == "$eq" {
                if case .object(var existing)? = selector[field] { existing["$eq"] = value; selector[field] = .object(existing) }
                else { selector[field] = value }
            } else {
                var ops: JSONObject
                switch selector[field] {
                case .object(let existing)?: ops = existing
                case let scalar?: ops = ["$eq": scalar]
                case nil: ops = [:]
                }
                ops[op] = value
                selector[field] = .object(ops)
            }
        }
        return .object(selector)
    }

    private static let operators: [(String, String)] = [
        (">=", "$gte"), ("<=", "$lte"), ("!=", "$ne"), ("=", "$eq"), (">", "$gt"), ("<", "$lt"), ("~", "$regex"),
    ]

    private static func split(_ token: String) throws(Failure) -> (String, String, String) {
        guard let opStart = token.firstIndex(where: { "=<>!~".contains($0) }) else {
            throw Failure(message: "'\(token)' is not field=value (operators: = != > >= < <= ~)")
        }
        let field = String(token[..<opStart])
        let rest = token[opStart...]
        for (symbol, mango) in operators where rest.hasPrefix(symbol) {
            let value = String(rest.dropFirst(symbol.count))
            guard !field.isEmpty else { throw Failure(message: "'\(token)' has no field name") }
            return (field, mango, value)
        }
        throw Failure(message: "'\(token)' has an unknown operator")
    }

    private static func literal(_ text: String) -> JSON {
        switch text {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "null": return .null
        default:
            if let number = try? JSON.parse(text), case .number = number { return number }
            return .string(text)
        }
    }

    /// Splits on spaces outside double quotes; quotes are removed.
    private static func tokens(_ text: String) throws(Failure) -> [String] {
        var result: [String] = []
        var current = ""
        var quoted = false
        for character in text {
            if character == "\"" { quoted.toggle(); continue }
            if character == " " && !quoted {
                if !current.isEmpty { result.append(current); current = "" }
                continue
            }
            current.append(character)
        }
        if quoted { throw Failure(message: "unclosed double quote") }
        if !current.isEmpty { result.append(current) }
        return result
    }
}

extension String {
    var trimmingWhitespace: String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
