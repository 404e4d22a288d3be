import HyperJSON
import HyperStore
import VisionCore

/// The dialogs of edits: a diff to confirm, a conflict's two versions, a delete to confirm, the
/// journal and the drafts. Each ends with the keys that answer it.
enum DialogView {
    static func draw(_ buffer: inout CellBuffer, _ state: AppState, _ dialog: Dialog, in layout: ScreenLayout) {
        if let scroll = dialog.scroll {
            drawScrolling(&buffer, dialog.body(now: state.now), from: scroll, footer: footer(dialog.kind), in: layout)
            return
        }
        let (content, cursor) = lines(dialog, now: state.now, footer: footer(dialog.kind))
        let width = min(layout.width - 4, 100)
        let height = min(layout.dialogHeight, content.count + 2)
        let rows = height - 2
        // Keep the cursor on screen; the footer (last line) shows whenever it fits.
        let start = cursor.map { max(0, min($0 - rows / 2, content.count - rows)) } ?? 0
        Overlay.box(&buffer, content, start: start, width: width, height: height, layout: layout, highlight: cursor)
        if content.count > rows, let footer = content.last {
            buffer.put(footer, x: (layout.width - width) / 2 + 2, y: 2 + height - 2, width: width - 4, fill: .normal)
        }
    }

    /// A dialog whose text scrolls: its lines from `scroll`, a line saying what is above and
    /// below, and its keys.
    static func drawScrolling(_ buffer: inout CellBuffer, _ body: [DialogLine], from scroll: Int, footer: [Segment],
                              in layout: ScreenLayout) {
        let rows = layout.dialogBodyRows
        let width = min(layout.width - 4, 100)
        let segments = { (line: DialogLine) in line.runs.map { Segment($0.text, role($0.style)) } }
        guard body.count > rows else {
            let content = body.map(segments) + [[], footer]
            Overlay.box(&buffer, content, start: 0, width: width, height: content.count + 2, layout: layout)
            return
        }
        let shown = body.dropFirst(scroll).prefix(rows).map(segments)
        let below = body.count - scroll - shown.count
        let position = "lines \(scroll + 1)-\(scroll + shown.count) of \(body.count)"
            + (below > 0 ? ": \(below) more below (j, PgDn)" : "") + (scroll > 0 ? "; k, PgUp go back up" : "")
        let content = shown + Array(repeating: [], count: rows - shown.count) + [[Segment(position, .dim)], footer]
        Overlay.box(&buffer, content, start: 0, width: width, height: layout.dialogHeight, layout: layout)
    }

    static func role(_ style: DialogLine.Style) -> Role {
        switch style {
        case .heading: .header
        case .value: .normal
        case .dim: .dim
        case .label: .key
        case .added: .online
        case .removed, .bothChanged: .error
        case .changed: .number
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
            // hyper answers a cache key without its TTL, and a PUT without one keeps the key for good.
            let ttl = draft.service == .cache && draft.documentID != nil
                ? [[Segment("after this write the key does not expire (hyper does not report TTLs)", .dim)], []] : []
            return ([[Segment("Write \(name)?", .header)], []] + diff.map(diffLine)
                    + [[]] + ttl + [footer], nil)
        case .conflict, .journalEntry:
            return ([], nil)   // drawn by `drawScrolling`
        case .confirmDelete(let removals):
            let title = removals.count == 1
                ? "Delete \(removals[0].service.rawValue) \(removals[0].target)?"
                : "Delete \(removals.count) \(removals[0].service.rawValue) entries?"
            let names = removals.count == 1 ? [] : removals.prefix(12).map { [Segment("  " + $0.target, .key)] }
            // Object bytes are not journaled, so only document deletes can be undone.
            let undo = removals[0].service == .storage ? "the object's bytes are not kept: this cannot be undone" : "u undoes a delete"
            return ([[Segment(title, .header)]] + names + [[], [Segment(undo, .dim)], footer], nil)
        case .confirmCancel(let ids):
            let title = ids.count == 1 ? "Cancel job \(ids[0])?" : "Cancel \(ids.count) jobs?"
            let names = ids.count == 1 ? [] : ids.prefix(12).map { [Segment("  job " + $0, .key)] }
            let more = ids.count > 12 ? [[Segment("  and \(ids.count - 12) more", .dim)]] : []
            return ([[Segment(title, .header)]] + names + more
                    + [[], [Segment("a cancelled job is gone from the queue: this cannot be undone", .dim)], footer], nil)
        case .confirmReplace(let existing, let path):
            let facts = [existing.size.map(Format.bytes), existing.contentType, existing.modified].compactMap { $0 }
            return ([[Segment("Replace storage \(existing.name)?", .header)], [],
                     [Segment("with ", .dim), Segment(path, .key)],
                     [Segment("there now: ", .dim), Segment(facts.isEmpty ? "an object" : facts.joined(separator: ", "), .normal)],
                     [], [Segment("the object's bytes are not kept: this cannot be undone", .dim)], footer], nil)
        case .journal(let rows, let cursor):
            let lines = rows.map { entries -> [Segment] in
                let newest = entries[0]
                let age = Format.relative(now - newest.time.timeIntervalSince1970)
                let done = entries.allSatisfy { $0.outcome == .ok }
                return [Segment("#\(newest.id) ", .number), Segment(age + "  ", .date),
                        Segment(JournalEntry.summary(of: entries), done ? .normal : .error)]
            }
            return ([[Segment("Journal: writes made from this tool, newest first", .header)]] + lines
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

}
