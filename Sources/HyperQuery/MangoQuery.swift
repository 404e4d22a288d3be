import HyperJSON

/// A parsed `_query` request: selector, sort, fields projection, limit and skip.
/// `null` options count as absent; bad ones throw a `MangoError` naming the field.
///
/// How the server uses it: `SELECT doc FROM t WHERE <whereClause> ORDER BY <orderBy>` with the
/// arguments; when neither flag is set, LIMIT/OFFSET can go into the SQL. With
/// `needsResidualFilter`, keep only rows passing `matches`; with `needsSwiftSort`, order them
/// with `sorted`; then skip, limit and `project`.
///
/// Semantics are MongoDB's (what hyper nano runs), with these choices:
/// - A dotted path follows objects, and a digits-only component indexes an array. Unlike
///   MongoDB, a path does not fan out through an array in the middle (`a.b` on `a: [{b: 1}]`
///   is missing); use `$elemMatch` or `a.0.b`. The last value fans out as in MongoDB: `{tags: "x"}`
///   matches an array containing "x".
/// - Sort order across types: missing = null < numbers < strings < objects < arrays < booleans.
///   The SQL ORDER BY is on the bare json_extract expressions, so an index serves it; SQLite's
///   order equals MongoDB's for null, numbers and strings. A field holding booleans sorts them
///   as 0/1 among numbers there, objects and arrays as their JSON text among strings; `sorted`
///   (used whenever a residual filter is needed) follows MongoDB exactly, arrays by their
///   smallest element ascending and largest descending.
public struct MangoQuery: Sendable {
    let selector: Selector
    let sortKeys: [SortKey]
    let fieldPaths: [[String]]?
    /// nil when absent: the server applies its default (hyper's 25).
    public var limit: Int?
    public var skip: Int

    public init(selector: JSON?, sort: JSON?, fields: JSON?, limit: JSON?, skip: JSON?) throws(MangoError) {
        switch selector {
        case nil, .null?: self.selector = .and([])
        case let json?: self.selector = try SelectorParser.parse(json)
        }
        switch sort {
        case nil, .null?: sortKeys = []
        case let json?: sortKeys = try SortKey.parse(json, field: "sort")
        }
        fieldPaths = try Self.fieldList(fields)
        self.limit = try Self.count(limit, field: "limit")
        self.skip = try Self.count(skip, field: "skip") ?? 0
    }

    public func sql(documentColumn: String) -> MangoSQL {
        var translator = SQLTranslator(documentColumn: documentColumn)
        let translation = translator.translate(selector)
        let fragment = translation.fragment.flatMap { $0.sql == SQLFragment.alwaysTrue.sql ? nil : $0 }
        let residual = !translation.isExact
        let orderBy = sortKeys.isEmpty ? nil : sortKeys.map {
            MangoIndex.expression(forField: $0.path.text, documentColumn: documentColumn) + ($0.descending ? " DESC" : " ASC")
        }.joined(separator: ", ")
        let sortable = sortKeys.allSatisfy { SQLPath.expression($0.path.components, documentColumn: documentColumn) != nil }
        return MangoSQL(whereClause: fragment?.sql, orderBy: sortable ? orderBy : nil,
                        arguments: fragment?.arguments ?? [], needsResidualFilter: residual,
                        needsSwiftSort: !sortKeys.isEmpty && (residual || !sortable))
    }

    /// Whether the document passes the selector; `deadline` stops a long `$regex` match.
    public func matches(_ doc: JSON, deadline: QueryDeadline?) throws(QueryInterrupted) -> Bool {
        try Evaluator.matches(selector, doc, deadline: deadline)
    }

    /// `matches` without a deadline, which cannot be interrupted.
    public func matches(_ doc: JSON) -> Bool {
        do { return try matches(doc, deadline: nil) } catch { preconditionFailure("no deadline, no interruption") }
    }

    public func sorted(_ docs: [JSON]) -> [JSON] { SortOrder.sorted(docs, by: sortKeys) }

    public func project(_ doc: JSON) -> JSON {
        guard let fieldPaths else { return doc }
        return Projection.project(doc, fieldPaths)
    }

    /// `fields` as a list of paths; an empty list means no projection, like an absent one.
    private static func fieldList(_ json: JSON?) throws(MangoError) -> [[String]]? {
        switch json {
        case nil, .null?: return nil
        case .array(let items)?:
            if items.isEmpty { return nil }
            guard items.count <= MangoLimits.fields else {
                throw .limit("fields", "\(items.count) paths, over the limit of \(MangoLimits.fields)")
            }
            var paths: [[String]] = []
            for item in items {
                guard case .string(let name) = item else {
                    throw .invalidArgument("fields", "Expected string, received \(item.typeName) in \(json!.compact).")
                }
                paths.append(try FieldPath(name, field: "fields").components)
            }
            return paths
        case let other?:
            throw .invalidArgument("fields", "Expected array, received \(other.typeName).")
        }
    }

    /// limit and skip: a nonnegative integer, as a number or a numeric string.
    private static func count(_ json: JSON?, field: String) throws(MangoError) -> Int? {
        switch json {
        case nil, .null?:
            return nil
        case .number(let number)?:
            if let n = number.int, n >= 0 { return n }
            throw .invalidArgument(field, "Expected a nonnegative integer, received \(number.text).")
        case .string(let text)?:
            if let n = Int(text), n >= 0 { return n }
            throw .invalidArgument(field, "Expected number, received string \(JSON.string(text).compact).")
        case let other?:
            throw .invalidArgument(field, "Expected number, received \(other.typeName).")
        }
    }
}
