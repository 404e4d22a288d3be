import HyperJSON

/// A dotted field path (`address.city`, `tags.0`) split into its components.
/// A component of ASCII digits addresses an array element when the value there is an array and an
/// object member otherwise, both here and in the SQL (see `SQLPath`), so the two paths agree.
struct FieldPath: Sendable, Hashable {
    let text: String
    let components: [String]

    init(_ text: String, field: String) throws(MangoError) {
        let components = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !text.isEmpty, !components.contains(where: \.isEmpty) else {
            throw .invalidArgument(field, "empty field name in path '\(text)'.")
        }
        guard components.count <= MangoLimits.pathSegments else {
            throw .limit(field, "field path '\(text.prefix(80))...' has \(components.count) segments, over the limit of \(MangoLimits.pathSegments)")
        }
        self.text = text
        self.components = components
    }

    /// The array index a component stands for, when it is one.
    static func index(_ component: String) -> Int? {
        guard component.utf8.count <= 9, component.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return Int(component)
    }

    /// The value at this path in `value`, or nil when some component is missing.
    func resolve(in value: JSON) -> JSON? {
        var current = value
        for component in components {
            switch current {
            case .object(let object):
                guard let next = object[component] else { return nil }
                current = next
            case .array(let array):
                guard let index = Self.index(component), array.indices.contains(index) else { return nil }
                current = array[index]
            default:
                return nil
            }
        }
        return current
    }
}
