import HyperJSON
import VisionCore

/// The dialogs of edits: a diff to confirm, a conflict's two versions, a delete to confirm, the
/// journal and the drafts. Each ends with the keys that answer it.
enum DialogView {
    static func draw(_ buffer: inout CellBuffer, _ state: AppState, _ dialog: Dialog, in layout: ScreenLayout) {
        let (content, cursor) = lines(dialog, now: state.now, footer: footer(dialog.kind))
        let width = min(layout.width - 4, 100)
        let height = min(layout.height - 4, content.count + 2)
        let rows = height - 2
        // Keep the cursor on screen; the footer (last line) shows whenever it fits.
        let start = cursor.map { max(0, min($0 - rows / 2, content.count - rows)) } ?? 0
        Overlay.box(&buffer, content, start: start, width: width, height: height, layout: layout, highlight: cursor)
        if content.count > rows, let footer = content.last {
            buffer.put(footer, x: (layout.width - width) / 2 + 2, y: 2 + height - 2, width: width - 4, fill: .normal)
        }
    }

    /// The dialog's lines, and the line of its cursor for lists.
    /// The keys that answer a dialog, from the command table: `y writes it   n keeps it as a draft`.
    static func footer(_ kind: DialogKind) -> [Segment] {
        let keys = CommandTable.help(dialog: kind).map { command in
            "\(command.keys.first.map { $0.map(\.label).joined() } ?? "") \(command.title)"
        }
        return [Segment(keys.joined(separator: "   "), .helpKey)]
    }

    static func lines(_ dialog: Dialog, now: Double, footer: [Segment]) -> ([[Segment]], Int?) {
        switch dialog {
        case .confirmWrite(let draft, _, let diff):
            let name = draft.documentID.map { "\(draft.service.rawValue) \($0)" } ?? "a new \(draft.service.rawValue) entry"
            return ([[Segment("Write \(name)?", .header)], []] + diff.map(diffLine)
                    + [[], footer], nil)
        case .conflict(_, let conflict):
            var lines: [[Segment]] = [
                [Segment("\(conflict.service.rawValue) \(conflict.id) changed on the server since the edit began", .error)], [],
                [Segment("on the server now:", .header)],
            ]
            lines += pretty(conflict.current, absent: "(deleted)")
            lines += [[], [Segment("your version:", .header)]]
            lines += pretty(conflict.proposed, absent: "")
            lines += [[], footer]
            return (lines, nil)
        case .confirmDelete(let removals):
            let title = removals.count == 1
                ? "Delete \(removals[0].service.rawValue) \(removals[0].target)?"
                : "Delete \(removals.count) \(removals[0].service.rawValue) entries?"
            let names = removals.count == 1 ? [] : removals.prefix(12).map { [Segment("  " + $0.target, .key)] }
            // Object bytes are not journaled, so only document deletes can be undone.
            let undo = removals[0].service == .storage ? "the object's bytes are not kept: this cannot be undone" : "u undoes a delete"
            return ([[Segment(title, .header)]] + names + [[], [Segment(undo, .dim)], footer], nil)
        case .journal(let entries, let cursor):
            let rows = entries.map { entry -> [Segment] in
                let age = Format.relative(now - entry.time.timeIntervalSince1970)
                let outcome: Role = entry.outcome == .ok ? .online : .error
                return [Segment("#\(entry.id) ", .number), Segment(age + " ", .date),
                        Segment("\(entry.action.rawValue) \(entry.service.rawValue) ", .normal), Segment(entry.target + " ", .key),
                        Segment(entry.outcome.description, outcome)]
            }
            return ([[Segment("Journal: writes made from this tool, newest first", .header)]] + rows
                    + [[], footer], cursor + 1)
        case .found(let text, let hits, let cursor):
            let words = Set(text.lowercased().split(separator: " ").map(String.init))
            let rows = hits.map { hit -> [Segment] in
                [Segment("\(hit.service.rawValue) ", .dim), Segment(hit.id + "  ", .key)] + Highlight.segments(hit.snippet, terms: words)
            }
            return ([[Segment("Find \"\(text)\" in the cached documents of this app: \(hits.count)", .header)]] + rows
                    + [[], footer], cursor + 1)
        case .drafts(let drafts, let cursor):
            let rows = drafts.map { draft -> [Segment] in
                let age = Format.relative(now - draft.updated.timeIntervalSince1970)
                return [Segment("\(draft.service.rawValue) ", .normal), Segment((draft.documentID ?? "(new)") + " ", .key),
                        Segment(age + " ", .date), Segment(draft.note ?? "", .dim)]
            }
            return ([[Segment("Drafts not written yet", .header)]] + rows
                    + [[], footer], cursor + 1)
        }
    }

    static func diffLine(_ line: String) -> [Segment] {
        let role: Role = line.hasPrefix("+") ? .online : line.hasPrefix("-") ? .error : .number
        return [Segment(line, role)]
    }

    static func pretty(_ json: JSON?, absent: String) -> [[Segment]] {
        guard let json else { return [[Segment(absent, .dim)]] }
        return json.pretty().split(separator: "\n", omittingEmptySubsequences: false).map { [Segment(String($0), .normal)] }
    }
}
