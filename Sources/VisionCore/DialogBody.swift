import HyperJSON
import HyperSession
import HyperStore

/// One line of a dialog that scrolls its text (a conflict, a journal entry): runs of text with
/// what they are, so `update` knows how far it scrolls and the view picks the colours.
public struct DialogLine: Sendable, Equatable {
    public enum Style: Sendable, Equatable {
        case heading, dim, label, value, added, removed, changed, bothChanged
    }
    public struct Run: Sendable, Equatable {
        public let text: String
        public let style: Style
    }
    public let runs: [Run]

    init(_ parts: (String, Style)...) { runs = parts.map { Run(text: $0.0, style: $0.1) } }
    static let blank = DialogLine()
}

extension Dialog {
    /// The text of a dialog that scrolls (`scroll` is non-nil), line by line; empty for others.
    public func body(now: Double) -> [DialogLine] {
        switch self {
        case .conflict(_, let conflict, _): ConflictBody.lines(conflict)
        case .journalEntry(let rows, let row, _): JournalBody.lines(rows[row], now: now)
        default: []
        }
    }
}

/// The conflict dialog's text: the three versions field by field, both-changed fields marked.
enum ConflictBody {
    static func lines(_ conflict: EditConflict) -> [DialogLine] {
        let name = "\(conflict.service.rawValue) \(conflict.id)"
        var lines = [
            DialogLine(("\(name) " + (conflict.current == nil ? "was deleted" : "changed") + " on the server since your edit began",
                        .bothChanged)),
            DialogLine(("Field by field: the version you started from, the server's now, and yours.", .dim)),
            .blank,
        ]
        guard conflict.current != nil else {
            // Nothing to merge with: o re-creates the document as yours, c keeps the draft.
            return [lines[0], DialogLine(("o re-creates it with your version; r cannot merge with a deleted document", .dim)), .blank,
                    DialogLine(("yours:", .label))]
                + conflict.proposed.pretty().split(separator: "\n", omittingEmptySubsequences: false).map { DialogLine(("  " + $0, .value)) }
        }
        let (changed, unchanged) = JSONMerge.fields(base: conflict.base, theirs: conflict.current, yours: conflict.proposed)
        for field in changed {
            let (mark, words, style): (String, String, DialogLine.Style) =
                field.bothChanged ? ("⚠ ", "changed on both sides: re-edit keeps yours and names it", .bothChanged)
                : field.theyChanged && field.youChanged ? ("  ", "changed on both sides, the same way", .changed)
                : field.theyChanged ? ("  ", "changed on the server: re-edit keeps it", .changed)
                : ("  ", "changed by you", .added)
            lines.append(DialogLine((mark + field.path, style), ("  " + words, .dim)))
            lines.append(value("started from", field.base))
            if field.theyChanged { lines.append(value("server now", field.theirs)) }
            if field.youChanged { lines.append(value("yours", field.yours)) }
        }
        if changed.isEmpty { lines.append(DialogLine(("the versions differ only in key order or number spelling", .dim))) }
        if !unchanged.isEmpty {
            lines += [.blank, DialogLine(("unchanged: " + unchanged.joined(separator: ", "), .dim))]
        }
        return lines
    }

    /// Characters of a value shown at most: the line is cut at the screen's edge anyway.
    static let valueLength = 400

    private static func value(_ label: String, _ json: JSON?) -> DialogLine {
        DialogLine(("      " + label.padding(toLength: 14, withPad: " ", startingAt: 0), .label),
                   (json.map { String($0.compact.prefix(valueLength)) } ?? "(absent)", json == nil ? .dim : .value))
    }
}

/// A journal row's text: what it did, then each write's change, before and after.
enum JournalBody {
    static func lines(_ entries: [JournalEntry], now: Double) -> [DialogLine] {
        guard let newest = entries.first else { return [] }
        var lines = [
            DialogLine((JournalEntry.summary(of: entries), .heading)),
            DialogLine(("#\(newest.id)  " + Format.relative(now - newest.time.timeIntervalSince1970), .dim)),
        ]
        for entry in entries.sorted(by: { $0.id < $1.id }) {
            lines.append(.blank)
            if entries.count > 1 { lines.append(DialogLine(("#\(entry.id) \(entry.summary)", .heading))) }
            lines += changes(entry)
            lines += image("before", entry.before, absent: "(none: it did not exist, or is not kept)")
            lines += image("after", entry.after, absent: "(none: it was removed)")
        }
        return lines
    }

    private static func changes(_ entry: JournalEntry) -> [DialogLine] {
        guard let before = entry.before, let after = entry.after else { return [] }
        let diff = JSONDiff.changes(from: before, to: after)
        return [DialogLine(("changes:", .label))] + (diff.isEmpty ? [DialogLine(("  none", .dim))] : diff.map { change in
            let style: DialogLine.Style = switch change {
            case .added: .added
            case .removed: .removed
            case .changed: .changed
            }
            return DialogLine(("  " + change.line(), style))
        })
    }

    /// Lines of one image shown at most: the dialog is drawn every frame; the journal's JSON
    /// lines hold it whole.
    static let imageLines = 400

    private static func image(_ label: String, _ json: JSON?, absent: String) -> [DialogLine] {
        guard let json else { return [DialogLine((label + ": ", .label), (absent, .dim))] }
        let text = json.pretty().split(separator: "\n", omittingEmptySubsequences: false)
        let more = text.count - imageLines
        return [DialogLine((label + ":", .label))] + text.prefix(imageLines).map { DialogLine(("  " + $0, .value)) }
            + (more > 0 ? [DialogLine(("  … \(more) more lines (hyper-vision journal prints it whole)", .dim))] : [])
    }
}
