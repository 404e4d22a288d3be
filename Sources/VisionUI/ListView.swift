import Foundation
import HyperJSON
import VisionCore

/// The list area of each pane, drawn from the visible slice of its items.
enum ListView {
    static func draw(_ buffer: inout CellBuffer, _ state: AppState, _ rect: Rect) {
        let cursor = state.listCursor
        let visible = cursor.top..<min(state.listCount, cursor.top + max(0, rect.height - 1))
        let table = (state[state.pane] as? any PaneTable)?.table(state, visible) ?? Table(headers: [], rows: [], cap: 0)
        table.draw(&buffer, in: rect, cursor: cursor.index, focused: Screen.hasKeyboard(.list, state), skip: cursor.column)
        if state.listCount == 0 && rect.height > 2 {
            buffer.putParagraph(emptyText(state), in: Rect(x: rect.x + 2, y: rect.y + 2, width: rect.width - 3, height: rect.height - 2), role: .dim)
        }
    }

    static func emptyText(_ state: AppState) -> String {
        state.isBusy ? "loading…" : state.emptyText(of: state.pane)
    }

    static func scalar(_ value: JSON?) -> Segment {
        let role: Role = switch value {
        case .string?: .normal
        case .number?: .number
        case .bool?: .boolean
        case .null?: .null
        case nil: .dim
        default: .punctuation
        }
        return Segment(ValueText.summary(value), role)
    }

    static func isMarked(_ id: JSON?, _ selected: Set<String>) -> Bool {
        guard !selected.isEmpty, let id = id?.stringValue else { return false }
        return selected.contains(id)
    }

    static func dataTable(_ state: AppState, _ visible: Range<Int>) -> Table {
        let docs = state.data.docs
        if state.data.lineMode {
            return Table(headers: state.data.columnHeaders, rows: visible.map { index in
                let doc = docs[index]
                return Table.Row(index: index, cells: [[Segment(ValueText.summary(doc["_id"]), .key)],
                                                      [Segment(ValueText.preview(doc), .normal)]],
                                 marked: isMarked(doc["_id"], state.data.selected))
            }, cap: 28)
        }
        let columns = state.data.columnHeaders
        return Table(headers: columns, rows: visible.map { index in
            let doc = docs[index]
            return Table.Row(index: index, cells: columns.map { column in
                column == "_id" ? [Segment(ValueText.summary(doc["_id"]), .key)] : [scalar(doc.value(atPath: column))]
            }, marked: isMarked(doc["_id"], state.data.selected))
        }, cap: 28)
    }

    static func cacheTable(_ state: AppState, _ visible: Range<Int>) -> Table {
        let entries = state.cache.entries
        let headers = state.cache.columnHeaders
        return Table(headers: headers, rows: visible.map { index in
            let entry = entries[index]
            var cells = [[Segment(entry.key, .key)], [Segment(ValueText.preview(entry.value), .normal)]]
            if headers.count > 2 { cells.append([Segment(entry.ttl ?? "", .dim)]) }
            return Table.Row(index: index, cells: cells, marked: state.cache.selected.contains(entry.key))
        }, cap: 36)
    }

    static func searchTable(_ state: AppState, _ visible: Range<Int>) -> Table {
        let matches = state.search.matches
        let terms = Set(matches.flatMap { ($0["terms"]?.arrayValue ?? []).compactMap(\.stringValue) })
        let headers = state.search.columnHeaders
        let extra = headers.dropFirst(2)
        return Table(headers: headers, rows: visible.map { index in
            let match = matches[index]
            let score = match["score"]?.doubleValue.map { String(format: "%.2f", $0) } ?? ""
            var cells = [[Segment(score, .number)], [Segment(AppState.matchID(match), .key)]]
            for field in extra { cells.append(Highlight.segments(ValueText.summary(match[field]), terms: terms)) }
            return Table.Row(index: index, cells: cells, marked: state.search.selected.contains(AppState.matchID(match)))
        }, cap: 40)
    }

    static func storageTable(_ state: AppState, _ visible: Range<Int>) -> Table {
        let entries = state.storage.entries
        return Table(headers: state.storage.columnHeaders, rows: visible.map { index in
            switch entries[index] {
            case .parent:
                return Table.Row(index: index, cells: [[Segment("..", .key)]])
            case .folder(let name):
                return Table.Row(index: index, cells: [[Segment("▸ \(name)/", .key)]])
            case .object(let object):
                let name = String(object.name.dropFirst(state.storage.folder.count))
                return Table.Row(index: index, cells: [
                    [Segment(name, .normal)],
                    [Segment(object.size.map(Format.bytes) ?? "", .number)],
                    [Segment(object.contentType ?? "", .dim)],
                    [Segment(object.modified ?? "", .date)],
                ])
            }
        }, cap: 40)
    }

    static func queueTable(_ state: AppState, _ visible: Range<Int>) -> Table {
        let jobs = state.queue.jobs
        let showError = state.queue.status == .error
        // Why a job failed is what one opens this pane for: it takes the width it needs, and
        // the payload after it gets what is left (or is counted as hidden).
        let why = state.layout.list.width
        return Table(headers: state.queue.columnHeaders, rows: visible.map { index in
            let job = jobs[index]
            let id = QueuePaneState.id(of: job)
            var cells = [[Segment(id, .key)],
                         [Segment(job["status"]?.stringValue ?? state.queue.status.rawValue, showError ? .error : .normal)]]
            cells.append(showError ? [Segment(failureReason(job), .normal)] : queuedSince(job, now: state.now))
            cells.append([Segment(ValueText.preview(job["job"] ?? job), .dim)])
            return Table.Row(index: index, cells: cells, marked: state.queue.selected.contains(id))
        }, cap: 34, caps: showError ? [2: why] : [:])
    }

    /// How long a waiting job has waited; past five minutes in the error colour: hyper's own
    /// queue delivers once, in order, and does not deliver again after a restart, so a job that
    /// waits long may never go (hyper-2026.md H4).
    static func queuedSince(_ job: JSON, now: Double) -> [Segment] {
        guard let stamp = job["timestmp"]?.numberValue?.double else { return [] }
        let waited = now - stamp / 1000
        return [Segment(Format.relative(waited), waited > 300 ? .error : .dim)]
    }

    /// The most useful words about why a job failed, for its row: its reason, else the status
    /// and what the target's answer says went wrong.
    static func failureReason(_ job: JSON) -> String {
        guard let error = job["error"] else { return "" }
        if let reason = error["reason"]?.stringValue { return reason }
        let status = error["status"].map(ValueText.summary) ?? ""
        let body = AppState.failureBody(error).map(failureMessage(in:)) ?? ""
        return [status, body].filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// What an answer says went wrong: its message field when it has one (hyper's `msg`, or the
    /// names other servers use), else the answer itself, shortened. A row shows
    /// `500 worker refused` rather than `500 {"ok":false,"status":500,"msg":…`.
    private static func failureMessage(in body: JSON) -> String {
        for key in ["msg", "message", "error", "reason", "detail"] {
            if let text = body[key]?.stringValue, !text.isEmpty { return text }
        }
        return body.stringValue ?? ValueText.preview(body)
    }
}

/// Marks the matched terms of a search in a text (case-insensitive, whole occurrences).
enum Highlight {
    static func segments(_ text: String, terms: Set<String>) -> [Segment] {
        guard !terms.isEmpty else { return [Segment(text, .normal)] }
        let lower = text.lowercased()
        guard lower.count == text.count else { return [Segment(text, .normal)] }
        var segments: [Segment] = []
        var index = lower.startIndex
        var plainStart = index
        let textStart = text.startIndex
        while index < lower.endIndex {
            if let term = terms.first(where: { !$0.isEmpty && lower[index...].hasPrefix($0.lowercased()) }) {
                let offset = lower.distance(from: lower.startIndex, to: index)
                let plainOffset = lower.distance(from: lower.startIndex, to: plainStart)
                let from = text.index(textStart, offsetBy: plainOffset)
                let to = text.index(textStart, offsetBy: offset)
                if from < to { segments.append(Segment(String(text[from..<to]), .normal)) }
                let end = text.index(to, offsetBy: term.count)
                segments.append(Segment(String(text[to..<end]), .highlight))
                index = lower.index(index, offsetBy: term.count)
                plainStart = index
            } else {
                index = lower.index(after: index)
            }
        }
        let plainOffset = lower.distance(from: lower.startIndex, to: plainStart)
        let rest = String(text[text.index(textStart, offsetBy: plainOffset)...])
        if !rest.isEmpty { segments.append(Segment(rest, .normal)) }
        return segments
    }
}

/// A pane's list as a table: each pane draws its own rows (the views' half of `PaneModel`).
protocol PaneTable {
    func table(_ state: AppState, _ visible: Range<Int>) -> Table
}

extension DataPaneState: PaneTable {
    func table(_ state: AppState, _ visible: Range<Int>) -> Table { ListView.dataTable(state, visible) }
}

extension CachePaneState: PaneTable {
    func table(_ state: AppState, _ visible: Range<Int>) -> Table { ListView.cacheTable(state, visible) }
}

extension SearchPaneState: PaneTable {
    func table(_ state: AppState, _ visible: Range<Int>) -> Table { ListView.searchTable(state, visible) }
}

extension StoragePaneState: PaneTable {
    func table(_ state: AppState, _ visible: Range<Int>) -> Table { ListView.storageTable(state, visible) }
}

extension QueuePaneState: PaneTable {
    func table(_ state: AppState, _ visible: Range<Int>) -> Table { ListView.queueTable(state, visible) }
}
