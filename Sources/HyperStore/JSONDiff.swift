import HyperJSON

/// A compact, per-path difference between two JSON documents, for the confirm step of an edit:
/// `+ a.b: 1` (added), `- c` (removed), `~ d: "x" → "y"` (changed). Pure.
///
/// Objects are compared key by key (key order is not a change); arrays index by index, so an
/// element inserted in front shows as changes along the array: predictable rather than clever.
public enum JSONDiff {
    public enum Change: Sendable, Equatable {
        case added(path: String, value: JSON)
        case removed(path: String, old: JSON)
        case changed(path: String, old: JSON, new: JSON)

        public var path: String {
            switch self {
            case .added(let path, _), .removed(let path, _), .changed(let path, _, _): path
            }
        }

        /// One line; values are compact JSON cut to `maxValueLength` characters.
        public func line(maxValueLength: Int = 60) -> String {
            switch self {
            case .added(let path, let value):
                "+ \(path): \(JSONDiff.render(value, maxValueLength))"
            case .removed(let path, _):
                "- \(path)"
            case .changed(let path, let old, let new):
                "~ \(path): \(JSONDiff.render(old, maxValueLength)) → \(JSONDiff.render(new, maxValueLength))"
            }
        }
    }

    /// The path shown when the whole document changes type or is a scalar.
    public static let rootPath = "(document)"

    public static func changes(from old: JSON, to new: JSON) -> [Change] {
        var changes: [Change] = []
        compare(old, new, path: [], into: &changes)
        return changes
    }

    public static func lines(from old: JSON, to new: JSON, maxValueLength: Int = 60) -> [String] {
        changes(from: old, to: new).map { $0.line(maxValueLength: maxValueLength) }
    }

    private static func compare(_ old: JSON, _ new: JSON, path: [String], into changes: inout [Change]) {
        switch (old, new) {
        case (.object(let a), .object(let b)):
            for (key, value) in a {
                if let other = b[key] {
                    compare(value, other, path: path + [segment(key)], into: &changes)
                } else {
                    changes.append(.removed(path: join(path + [segment(key)]), old: value))
                }
            }
            for (key, value) in b where a[key] == nil {
                changes.append(.added(path: join(path + [segment(key)]), value: value))
            }
        case (.array(let a), .array(let b)):
            for index in 0..<max(a.count, b.count) {
                let itemPath = join(path + [String(index)])
                if index >= b.count {
                    changes.append(.removed(path: itemPath, old: a[index]))
                } else if index >= a.count {
                    changes.append(.added(path: itemPath, value: b[index]))
                } else {
                    compare(a[index], b[index], path: path + [String(index)], into: &changes)
                }
            }
        default:
            if old != new { changes.append(.changed(path: join(path), old: old, new: new)) }
        }
    }

    static func join(_ path: [String]) -> String {
        path.isEmpty ? rootPath : path.joined(separator: ".")
    }

    /// Keys that would make the dotted path ambiguous are shown quoted.
    static func segment(_ key: String) -> String {
        let plain = !key.isEmpty && key.unicodeScalars.allSatisfy {
            $0 != "." && $0 != " " && $0 != "\"" && $0.value >= 0x20 && $0.value != 0x7f
        }
        return plain ? key : JSON.string(key).compact
    }

    static func render(_ value: JSON, _ maxLength: Int) -> String {
        let text = value.compact
        guard text.count > maxLength, maxLength > 1 else { return text }
        return String(text.prefix(maxLength - 1)) + "…"
    }
}
