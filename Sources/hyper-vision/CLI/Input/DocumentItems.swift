import HyperJSON

/// HTTPie-style request items that build a JSON object on the command line:
///
/// - `title=Dune` sets a string,
/// - `year:=1965`, `tags:='["a","b"]'`, `draft:=false` set raw JSON,
/// - `author.name=Frank` sets a nested field (objects are created on the way),
/// - a backslash escapes `=`, `:` or `.` in a field name (`a\.b=c` sets the key `a.b`).
enum DocumentItems {
    /// Applies `items` in order onto `base` (an empty object when nil).
    static func apply(_ items: [String], to base: JSONObject = [:]) throws(CLIFailure) -> JSONObject {
        var object = base
        for item in items {
            let (path, value) = try parse(item)
            try set(value, at: path, in: &object, item: item)
        }
        return object
    }

    /// Whether `argument` looks like an item (so a lone argument can be told from a JSON document).
    static func isItem(_ argument: String) -> Bool {
        (try? parse(argument)) != nil
    }

    /// Splits one item at its first unescaped `=` (`:=` when a colon precedes it).
    static func parse(_ item: String) throws(CLIFailure) -> (path: [String], value: JSON) {
        var components: [String] = []
        var current = ""
        var escaped = false
        var index = item.startIndex
        while index < item.endIndex {
            let character = item[index]
            index = item.index(after: index)
            if escaped {
                current.append(character)
                escaped = false
                continue
            }
            switch character {
            case "\\":
                escaped = true
            case ".":
                components.append(current)
                current = ""
            case ":" where index < item.endIndex && item[index] == "=":
                components.append(current)
                let text = String(item[item.index(after: index)...])
                return (try validPath(components, item), try rawJSON(text, item: item))
            case "=":
                components.append(current)
                return (try validPath(components, item), .string(String(item[index...])))
            default:
                current.append(character)
            }
        }
        throw .usage("'\(item)' is not an item: use field=text or field:=JSON (for example title=Dune year:=1965)")
    }

    private static func validPath(_ components: [String], _ item: String) throws(CLIFailure) -> [String] {
        guard !components.contains(where: \.isEmpty) else {
            throw .usage("'\(item)': empty field name (use field=text or field:=JSON)")
        }
        return components
    }

    private static func rawJSON(_ text: String, item: String) throws(CLIFailure) -> JSON {
        do {
            return try JSON.parse(text)
        } catch {
            throw .usage("'\(item)': the value after := must be JSON: \(error)")
        }
    }

    private static func set(_ value: JSON, at path: [String], in object: inout JSONObject,
                            item: String) throws(CLIFailure) {
        let key = path[0]
        guard path.count > 1 else {
            object[key] = value
            return
        }
        var child: JSONObject
        switch object[key] {
        case nil: child = [:]
        case .object(let existing)?: child = existing
        case let other?:
            throw .usage("'\(item)': `\(key)` is already \(other.typeWithArticle), not an object")
        }
        try set(value, at: Array(path.dropFirst()), in: &child, item: item)
        object[key] = .object(child)
    }
}
