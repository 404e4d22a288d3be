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

    public var isContainer: Bool { if case .container = kind { true } else { false } }
}

/// Fold and paging state of a JSON tree, and the flattening into visible lines. Width-free: the
/// view cuts a long string to one line unless it is expanded; the cursor moves over nodes.
public struct JSONTreeState: Sendable, Equatable {
    /// Large arrays show this many elements at first, and this many more per "more" line.
    public static let arrayPage = 100

    public var folded: Set<String> = []
    public var arrayLimits: [String: Int] = [:]
    /// Scalars shown whole, wrapped over several lines (by path); the others keep to one line.
    public var expanded: Set<String> = []
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

    /// Enter/`za` on a node: folds or unfolds a container, shows a long text whole or on one
    /// line again, or shows the next page of an array.
    public mutating func activate(_ node: TreeNode) {
        switch node.kind {
        case .container:
            if folded.contains(node.path) { folded.remove(node.path) } else { folded.insert(node.path) }
        case .more:
            arrayLimits[node.path, default: Self.arrayPage] += Self.arrayPage
        case .scalar:
            if expanded.contains(node.path) { expanded.remove(node.path) } else { expanded.insert(node.path) }
        }
    }

    /// `l`: unfolds a container, shows a text whole, or the next page of an array.
    public mutating func expand(_ node: TreeNode) {
        switch node.kind {
        case .container: folded.remove(node.path)
        case .scalar: expanded.insert(node.path)
        case .more: activate(node)
        }
    }

    /// `h`: folds an unfolded container or puts a text back on one line; false when there was
    /// nothing to fold here.
    public mutating func collapse(_ node: TreeNode) -> Bool {
        switch node.kind {
        case .container where node.depth > 0: folded.insert(node.path).inserted
        case .scalar: expanded.remove(node.path) != nil
        default: false
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

extension JSONTreeState {
    /// The labels from the root down to `nodes[index]` (empty for the root itself): its
    /// ancestors are the nearest lines above it one level up each, as the tree is flattened.
    public static func labels(to index: Int, in nodes: [TreeNode]) -> [TreeNode.Label] {
        guard nodes.indices.contains(index) else { return [] }
        var labels: [TreeNode.Label] = []
        var depth = nodes[index].depth
        if nodes[index].label != .root { labels.append(nodes[index].label) }
        for node in nodes[..<index].reversed() where node.depth < depth {
            depth = node.depth
            if node.label != .root { labels.append(node.label) }
        }
        return labels.reversed()
    }

    /// The path as queries read it (`cast.2.name`): the Mango dotted path.
    public static func dottedPath(_ labels: [TreeNode.Label]) -> String {
        labels.map { label in
            switch label {
            case .member(let name): name
            case .element(let index): String(index)
            case .root: ""
            }
        }.joined(separator: ".")
    }

    /// The value at `labels` inside `value`.
    public static func value(at labels: [TreeNode.Label], in value: JSON) -> JSON? {
        var current: JSON? = value
        for label in labels {
            switch label {
            case .member(let name): current = current?.objectValue?[name]
            case .element(let index): current = current?.arrayValue.flatMap { $0.indices.contains(index) ? $0[index] : nil }
            case .root: break
            }
        }
        return current
    }
}

