import HyperJSON

/// The one query language of the data service: `/` in the data pane, `:query`, and
/// `hyper-vision data query` all read it, and `?` and `--help` print its grammar.
///
/// A query is a full Mango body (`{"selector":{...},"sort":[...],"fields":[...]}`), a selector
/// as JSON (`{"type":"movie"}`), or terms: `type=movie year>1984 title~^Back sort=-year
/// fields=_id,title`.
public enum QueryLanguage {
    public struct Failure: Error, Equatable, Sendable, CustomStringConvertible {
        public let message: String
        public init(message: String) { self.message = message }
        public var description: String { message }
    }

    /// The grammar, one line per rule, as `?` and `--help` show it.
    public static let grammar = [
        "field=value   equal (also != > >= < <=); numbers, true, false and null are JSON",
        "field~regex   matches the regular expression",
        "field:=JSON   compares with any JSON value: year:={\"$in\":[1984,1985]}",
        "a.b=value     a nested field; \"double quotes\" keep spaces in a value",
        "sort=-year,title   descending with - (or year:desc), ascending otherwise",
        "fields=_id,title   only these fields",
        "{\"type\":\"movie\"}   a Mango selector as JSON",
        "{\"selector\":{...},\"sort\":[...],\"fields\":[...]}   a full Mango query",
    ]

    /// Parses typed text: quoted spans keep their spaces.
    public static func parse(_ text: String) throws(Failure) -> DataQuery {
        let trimmed = text.trimmed
        if trimmed.hasPrefix("{") { return try json(trimmed) }
        return try parse(terms: try tokens(trimmed))
    }

    /// Parses terms already split (a shell's arguments: each one is a term, spaces and all).
    /// A single argument holding JSON is read as JSON.
    public static func parse(terms: [String]) throws(Failure) -> DataQuery {
        if terms.count == 1, terms[0].trimmed.hasPrefix("{") { return try json(terms[0]) }
        var query = DataQuery()
        var selector: JSONObject = [:]
        for term in terms where !term.isEmpty {
            if let spec = term.removingPrefix("sort=") {
                query.sort = try sort(spec)
            } else if let list = term.removingPrefix("fields=") {
                query.fields = CommaList.split(list)
            } else {
                try add(term, to: &selector)
            }
        }
        query.selector = .object(selector)
        return query
    }

    /// A sort: JSON (`[{"year":"DESC"}]`) or fields, descending with `-` or `:desc`:
    /// `-year,title` and `year:desc,title:asc` both mean `[{"year":"DESC"},{"title":"ASC"}]`.
    public static func sort(_ spec: String) throws(Failure) -> JSON {
        let trimmed = spec.trimmed
        if trimmed.hasPrefix("[") || trimmed.hasPrefix("{") { return try parseJSON(trimmed, what: "sort") }
        let names = CommaList.split(trimmed)
        guard !names.isEmpty else { throw Failure(message: "sort needs fields, like sort=-year or sort=genre,-year") }
        return .array(try names.map { name throws(Failure) in
            var field = name, direction = "ASC"
            if field.hasPrefix("-") { field.removeFirst(); direction = "DESC" }
            if let colon = field.lastIndex(of: ":") {
                switch field[field.index(after: colon)...].lowercased() {
                case "desc": direction = "DESC"
                case "asc": direction = "ASC"
                default: throw Failure(message: "'\(name)': a sort direction is asc or desc")
                }
                field = String(field[..<colon])
            }
            guard !field.isEmpty else { throw Failure(message: "'\(name)' names no field to sort by") }
            return [field: .string(direction)]
        })
    }

    /// A query as the status line shows it: its selector as typed (terms without `sort=` and
    /// `fields=`, or the selector's JSON), its sort (`-year,title`) and its fields, each said
    /// on its own so that none goes unseen; nil for text that is not a query.
    public static func summary(_ text: String) -> (selector: String, sort: String?, fields: String?)? {
        guard let query = try? parse(text) else { return nil }
        let trimmed = text.trimmed
        let selector: String
        if trimmed.hasPrefix("{") {
            selector = query.selector.map { $0.objectValue?.isEmpty == true ? "" : $0.compact } ?? ""
        } else {
            let terms = (try? tokens(trimmed)) ?? []
            selector = terms.filter { !$0.hasPrefix("sort=") && !$0.hasPrefix("fields=") }.joined(separator: " ")
        }
        return (selector, query.sort.map(sortText), query.fields.map { $0.joined(separator: ",") })
    }

    /// A Mango sort as `sort=` writes it: `[{"year":"DESC"},{"title":"ASC"}]` is `-year,title`.
    static func sortText(_ sort: JSON) -> String {
        let items = sort.arrayValue ?? [sort]
        var names: [String] = []
        for item in items {
            if let field = item.stringValue {
                names.append(field)
            } else if let (field, direction) = item.objectValue?.first(where: { _ in true }) {
                names.append((direction.stringValue?.uppercased() == "DESC" ? "-" : "") + field)
            } else {
                names.append(item.compact)
            }
        }
        return names.joined(separator: ",")
    }

    // MARK: terms

    private static let operators: [(symbol: String, mango: String?)] = [
        (":=", nil), (">=", "$gte"), ("<=", "$lte"), ("!=", "$ne"), ("=", "$eq"), (">", "$gt"), ("<", "$lt"), ("~", "$regex"),
    ]

    private static func add(_ quotedTerm: String, to selector: inout JSONObject) throws(Failure) {
        let term = unquoted(quotedTerm)
        guard let start = term.firstIndex(where: { "=<>!~:".contains($0) }) else {
            throw Failure(message: "'\(term)' is not field=value (operators: = != > >= < <= ~ :=)")
        }
        let field = String(term[..<start])
        let rest = term[start...]
        guard let (symbol, mango) = operators.first(where: { rest.hasPrefix($0.symbol) }) else {
            throw Failure(message: "'\(term)' has an unknown operator (operators: = != > >= < <= ~ :=)")
        }
        guard !field.isEmpty else { throw Failure(message: "'\(term)' has no field name") }
        let raw = String(rest.dropFirst(symbol.count))
        guard let mango else {
            selector[field] = try parseJSON(raw, what: "the value of \(field)")
            return
        }
        let text = unquoted(raw)
        let value = mango == "$regex" ? JSON.string(text) : literal(text)
        if mango == "$eq" {
            if case .object(var existing)? = selector[field] { existing["$eq"] = value; selector[field] = .object(existing) }
            else { selector[field] = value }
            return
        }
        var ops: JSONObject
        switch selector[field] {
        case .object(let existing)?: ops = existing
        case let scalar?: ops = ["$eq": scalar]
        case nil: ops = [:]
        }
        ops[mango] = value
        selector[field] = .object(ops)
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

    /// `"text"` without its quotes (a whole term, or a value after its operator).
    private static func unquoted(_ text: String) -> String {
        guard text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") else { return text }
        return String(text.dropFirst().dropLast())
    }

    /// Splits on spaces outside double quotes; the quotes stay in the term (a JSON value after
    /// `:=` needs them; `unquoted` takes them off values).
    private static func tokens(_ text: String) throws(Failure) -> [String] {
        var result: [String] = []
        var current = ""
        var quoted = false
        for character in text {
            if character == "\"" { quoted.toggle() }
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

    // MARK: JSON

    private static let bodyKeys: Set<String> = ["selector", "sort", "fields", "limit", "skip", "use_index"]

    /// A selector, or a full Mango body: an object whose `selector` is an object and whose
    /// other keys are all Mango's (a selector on a field named "selector" stays a selector).
    private static func json(_ text: String) throws(Failure) -> DataQuery {
        let value = try parseJSON(text, what: "query")
        guard let object = value.objectValue else { throw Failure(message: "a query must be a JSON object") }
        guard object["selector"]?.objectValue != nil, Set(object.keys).isSubset(of: bodyKeys) else {
            return DataQuery(selector: value)
        }
        var query = DataQuery(selector: object["selector"], sort: object["sort"])
        if let fields = object["fields"] {
            guard let names = fields.arrayValue?.compactMap(\.stringValue), names.count == fields.arrayValue?.count else {
                throw Failure(message: "\"fields\" must be an array of field names")
            }
            query.fields = names
        }
        query.limit = try count(object["limit"], "limit")
        query.skip = try count(object["skip"], "skip")
        query.useIndex = object["use_index"]?.stringValue
        return query
    }

    private static func count(_ value: JSON?, _ name: String) throws(Failure) -> Int? {
        guard let value else { return nil }
        guard let number = value.intValue, number >= 0 else { throw Failure(message: "\"\(name)\" must be a whole number, 0 or more") }
        return number
    }

    private static func parseJSON(_ text: String, what: String) throws(Failure) -> JSON {
        do { return try JSON.parse(text) } catch { throw Failure(message: "\(what) is not JSON: \(error.description)") }
    }
}

extension StringProtocol {
    /// Without leading and trailing white space, as a String.
    public var trimmed: String { String(trimmingWhitespace) }
}

extension String {
    func removingPrefix(_ prefix: String) -> String? {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil
    }
}
