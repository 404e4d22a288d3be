/// HTTPie-style request items that build a JSON object on the command line:
///
/// - `title=Dune` sets a string,
/// - `year:=1965`, `tags:='["a","b"]'`, `draft:=false` set raw JSON,
/// - `author.name=Frank` sets a nested field (objects are created on the way),
/// - a backslash escapes `=`, `:` or `.` in a field name (`a\.b=c` sets the key `a.b`).
///
/// Each item costs time linear in its length, and a path has at most `maxDepth` levels.
/// Pure (no I/O) so that the CLI and the fuzz target share it; a refused item is a
/// `DocumentItemError`, which the CLI reports as a usage error.
public enum DocumentItems {
    /// Levels of one field path: deeper is surely a mistake, and a bound keeps a hostile
    /// argument from costing more than its length.
    public static let maxDepth = 64

    /// Applies `items` in order onto `base`.
    public static func apply(_ items: [String], to base: JSONObject) throws(DocumentItemError) -> JSONObject {
        var object = base
        for item in items {
            let (path, value) = try parse(item)
            try set(value, at: path, in: &object, item: item)
        }
        return object
    }

    /// Splits one item at its first unescaped `=` (`:=` when a colon precedes it).
    public static func parse(_ item: String) throws(DocumentItemError) -> (path: [String], value: JSON) {
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
                guard components.count < maxDepth else {
                    throw DocumentItemError("\(quoted(item)): a field path may have at most \(maxDepth) levels")
                }
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
        throw DocumentItemError("\(quoted(item)) is not an item: use field=text or field:=JSON (for example title=Dune year:=1965)")
    }

    private static func validPath(_ components: [String], _ item: String) throws(DocumentItemError) -> [String] {
        guard !components.contains(where: \.isEmpty) else {
            throw DocumentItemError("\(quoted(item)): empty field name (use field=text or field:=JSON)")
        }
        return components
    }

    private static func rawJSON(_ text: String, item: String) throws(DocumentItemError) -> JSON {
        do {
            return try JSON.parse(text)
        } catch {
            throw DocumentItemError("\(quoted(item)): the value after := must be JSON: \(error)")
        }
    }

    /// The item in quotes for a message, cut to 80 characters (an argument can be huge).
    private static func quoted(_ item: String) -> String {
        "'" + cut(item) + "'"
    }

    /// Text of the input for a message, cut to 80 characters.
    private static func cut(_ text: String) -> String {
        text.count > 80 ? text.prefix(80) + "…" : text
    }

    /// Sets `value` at `path`, creating objects on the way, in time linear in the path's
    /// length: each level's object is taken out of its parent (so it is changed in place, never
    /// copied) and put back at its old position on the way up.
    private static func set(_ value: JSON, at path: [String], in object: inout JSONObject,
                            item: String) throws(DocumentItemError) {
        try checkObjects(along: path, in: object, item: item)   // so a failure changes nothing
        var current = object
        object = [:]
        var parents: [(object: JSONObject, key: String, index: Int?)] = []
        for key in path.dropLast() {
            let index = current.index(forKey: key)
            var child: JSONObject = [:]
            if let index, case .object(let existing) = current.values[index] {
                child = existing
                current.values[index] = .null   // drops the parent's reference: `child` is unique
            }
            parents.append((current, key, index))
            current = child
        }
        current[path[path.count - 1]] = value
        while var level = parents.popLast() {
            if let index = level.index {
                level.object.values[index] = .object(current)
            } else {
                level.object[level.key] = .object(current)
            }
            current = level.object
        }
        object = current
    }

    /// Throws when a level of `path` (all but the last key) exists and is not an object.
    private static func checkObjects(along path: [String], in object: JSONObject, item: String) throws(DocumentItemError) {
        var level = object
        for key in path.dropLast() {
            switch level[key] {
            case nil: return   // the rest is created
            case .object(let existing)?: level = existing
            case let other?:
                throw DocumentItemError("\(quoted(item)): `\(cut(key))` is already \(other.typeWithArticle), not an object")
            }
        }
    }
}
