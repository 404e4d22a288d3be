import HyperJSON

/// `y`, `Y`, `yy`, `yp`: what is copied, and how the message names it. Whether it reached a
/// clipboard is for the loop to say (only a native tool can tell).
extension AppState {
    mutating func copy(_ id: CommandID) -> [Effect] {
        switch id {
        case .copyID, .copyValue:
            guard let item = selectedCopyable else { say("nothing selected", error: true); return [] }
            if id == .copyID { return [.copy(text: item.id, what: item.id)] }
            return [.copy(text: item.value, what: "the value of \(item.id) (\(Format.bytes(Int64(item.value.utf8.count))))")]
        case .copyField:
            guard let field = detailField else { say("no field under the cursor (Tab focuses the detail)", error: true); return [] }
            let name = field.path.isEmpty ? "the value" : "the value of \(field.path)"
            return [.copy(text: field.text, what: "\(name) (\(Format.bytes(Int64(field.text.utf8.count))))")]
        case .copyPath:
            guard let field = detailField, !field.path.isEmpty else {
                say("no field under the cursor (the top of a document has no path)", error: true); return []
            }
            return [.copy(text: field.path, what: "the path \(field.path)")]
        default:
            return []
        }
    }

    /// The line under the detail's cursor: a JSON node's value (a string without its quotes, a
    /// container as JSON) and dotted path, a fact's value, or a line of text.
    var detailField: (text: String, path: String)? {
        let index = detail.cursor.index
        switch detail.content {
        case .json(let value):
            let nodes = detail.nodes
            guard let node = nodes[safe: index] else { return nil }
            if case .more = node.kind { return nil }
            let labels = JSONTreeState.labels(to: index, in: nodes)
            guard let field = JSONTreeState.value(at: labels, in: value) else { return nil }
            let text: String = switch field {
            case .string(let string): string
            case .object, .array: field.pretty()
            default: field.compact
            }
            return (text, JSONTreeState.dottedPath(labels))
        case .facts(let facts):
            return facts[safe: index].map { ($0.value, "") }
        case .text(let text):
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            return lines[safe: index].map { (String($0), "") }
        default:
            return nil
        }
    }
}
