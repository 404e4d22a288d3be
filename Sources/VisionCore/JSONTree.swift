import HyperJSON

/// One visible line of a JSON tree: a member or element, or the "more" line of a paged array.
public struct TreeNode: Sendable, Equatable {
    public enum Label: Sendable, Equatable {
        case root
        case member(String)
        case element(Int)
    }
    public enum Kind: Sendable, Equatable {
        case scalar(JSON)
        /// An object or array; `count` members; `folded` hides them.
        case container(isArray: Bool, count: Int, folded: Bool)
        /// Stands for `remaining` further elements of a large array (Enter shows the next page).
        case more(remaining: Int)
    }
    /// Identifies the node across renders (fold state is kept by path): `$`, `$.cast`, `$.cast.3`.
    public let path: String
    public let depth: Int
    public let label: Label
    public let kind: Kind
}

/// Fold and paging state of a JSON tree, and the flattening into visible lines. Width-free: the
/// view wraps long strings; the cursor moves over nodes.
public struct JSONTreeState: Sendable, Equatable {
    /// Large arrays show this many elements at first, and this many more per "more" line.
    public static let arrayPage = 100

    public var folded: Set<String> = []
    public var arrayLimits: [String: Int] = [:]
    public init() {}

    public func flatten(_ value: JSON) -> [TreeNode] {
        var nodes: [TreeNode] = []
        append(value, path: "$", depth: 0, label: .root, into: &nodes)
        return nodes
    }

    private func append(_ value: JSON, path: String, depth: Int, label: TreeNode.Label, into nodes: inout [TreeNode]) {
        switch value {
        case .object(let object):
            let isFolded = folded.contains(path)
            nodes.append(TreeNode(path: path, depth: depth, label: label,
                                  kind: .container(isArray: false, count: object.count, folded: isFolded)))
            guard !isFolded else { return }
            for (key, member) in object {
                append(member, path: path + "." + key, depth: depth + 1, label: .member(key), into: &nodes)
            }
        case .array(let array):
            let isFolded = folded.contains(path)
            nodes.append(TreeNode(path: path, depth: depth, label: label,
                                  kind: .container(isArray: true, count: array.count, folded: isFolded)))
            guard !isFolded else { return }
            let shown = min(array.count, arrayLimits[path] ?? Self.arrayPage)
            for index in 0..<shown {
                append(array[index], path: path + "." + String(index), depth: depth + 1, label: .element(index), into: &nodes)
            }
            if shown < array.count {
                nodes.append(TreeNode(path: path, depth: depth + 1, label: .root, kind: .more(remaining: array.count - shown)))
            }
        default:
            nodes.append(TreeNode(path: path, depth: depth, label: label, kind: .scalar(value)))
        }
    }

    /// Enter/Space on a node: folds or unfolds a container, or shows the next page of an array.
    public mutating func activate(_ node: TreeNode) {
        switch node.kind {
        case .container:
            if folded.contains(node.path) { folded.remove(node.path) } else { folded.insert(node.path) }
        case .more:
            arrayLimits[node.path, default: Self.arrayPage] += Self.arrayPage
        case .scalar:
            break
        }
    }

    /// `zM`: folds every container below the root.
    public mutating func foldAll(_ value: JSON) {
        folded = []
        collectContainers(value, path: "$", into: &folded)
        folded.remove("$")
    }

    /// `zR`: unfolds everything.
    public mutating func unfoldAll() { folded = [] }

    private func collectContainers(_ value: JSON, path: String, into set: inout Set<String>) {
        switch value {
        case .object(let object):
            set.insert(path)
            for (key, member) in object { collectContainers(member, path: path + "." + key, into: &set) }
        case .array(let array):
            set.insert(path)
            for (index, element) in array.enumerated() { collectContainers(element, path: path + "." + String(index), into: &set) }
        default:
            break
        }
    }
}
