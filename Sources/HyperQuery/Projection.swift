import HyperJSON

/// The `fields` projection: only the listed paths, `_id` included only when listed (hyper sets
/// `_id: 0`). Members keep the document's order; `a.b` keeps `a` with only `b`, and through an
/// array of objects keeps `b` of each object, as MongoDB does.
enum Projection {
    static func project(_ value: JSON, _ paths: [[String]]) -> JSON {
        switch value {
        case .object(let object):
            var result = JSONObject()
            for (key, member) in object {
                let below = paths.filter { $0.first == key }
                if below.isEmpty { continue }
                if below.contains(where: { $0.count == 1 }) {
                    result[key] = member
                } else if let projected = projectNested(member, below.map { Array($0.dropFirst()) }) {
                    result[key] = projected
                }
            }
            return .object(result)
        default:
            return value
        }
    }

    /// A dotted path selects inside objects and arrays of objects; it drops scalars on its way.
    private static func projectNested(_ value: JSON, _ paths: [[String]]) -> JSON? {
        switch value {
        case .object: project(value, paths)
        case .array(let items):
            .array(items.compactMap { item -> JSON? in
                switch item {
                case .object, .array: projectNested(item, paths)
                default: nil
                }
            })
        default: nil
        }
    }
}
