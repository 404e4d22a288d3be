import HyperJSON

/// One key of a sort or an index: a field path and its direction.
struct SortKey: Sendable {
    let path: FieldPath
    let descending: Bool

    /// Parses `["a"]` or `[{"a":"DESC"},{"b":"ASC"}]` (a mix is accepted too). Anything else is a
    /// value that fits neither form of the union: 400, as hyper answers `sort: 6`.
    static func parse(_ json: JSON, field: String) throws(MangoError) -> [SortKey] {
        let expected = "Expected [\"field\", ...] or [{\"field\": \"ASC\"|\"DESC\"}, ...], received \(json.compact)."
        guard case .array(let items) = json else { throw .invalidUnion(field, expected) }
        guard items.count <= MangoLimits.sortKeys else {
            throw .limit(field, "\(items.count) keys, over the limit of \(MangoLimits.sortKeys)")
        }
        var keys: [SortKey] = []
        for item in items {
            switch item {
            case .string(let name):
                keys.append(SortKey(path: try FieldPath(name, field: field), descending: false))
            case .object(let object) where object.count == 1:
                let (name, direction) = (object.keys[0], object.values[0])
                switch direction.stringValue?.uppercased() {
                case "ASC"?: keys.append(SortKey(path: try FieldPath(name, field: field), descending: false))
                case "DESC"?: keys.append(SortKey(path: try FieldPath(name, field: field), descending: true))
                default: throw .invalidUnion(field, expected)
                }
            default:
                throw .invalidUnion(field, expected)
            }
        }
        return keys
    }
}
