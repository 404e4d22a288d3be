import VisionCore

/// A table over the visible rows only: column widths come from the header and the rows on
/// screen (capped), so drawing costs the same for 100 or 100,000 items.
struct Table {
    struct Row {
        let index: Int
        let cells: [[Segment]]
        var marked = false
    }

    var headers: [String]
    var rows: [Row]
    /// Widest a column gets before the last one; the last takes what is left.
    var cap = 32

    func draw(_ buffer: inout CellBuffer, in rect: Rect, cursor: Int, focused: Bool) {
        guard rect.height > 0 else { return }
        let widths = columnWidths(total: rect.width - 2)
        let bar = FocusMark.bar(focused)
        var header: [Segment] = [Segment(FocusMark.glyph(focused), bar)]
        for (column, width) in widths.enumerated() {
            header.append(Segment(DisplayWidth.fit(headers[column], to: width) + " ", bar))
        }
        buffer.put(header, x: rect.x, y: rect.y, width: rect.width, fill: bar)
        for (offset, row) in rows.enumerated() where offset < rect.height - 1 {
            let y = rect.y + 1 + offset
            let isCursor = row.index == cursor
            let override: Role? = isCursor ? (focused ? .cursor : .cursorInactive) : nil
            var segments: [Segment] = [Segment(row.marked ? "● " : "  ", .marked)]
            for (column, width) in widths.enumerated() {
                var used = 0
                for segment in row.cells[safe: column] ?? [] {
                    let cut = DisplayWidth.truncate(DisplayWidth.escaped(segment.text), to: width - used)
                    used += DisplayWidth.of(cut)
                    segments.append(Segment(cut, segment.role))
                    if used >= width { break }
                }
                segments.append(Segment(String(repeating: " ", count: max(0, width - used)) + " ", .normal))
            }
            buffer.put(segments, x: rect.x, y: y, width: rect.width, fill: override ?? .normal, override: override)
        }
    }

    func columnWidths(total: Int) -> [Int] {
        guard !headers.isEmpty else { return [] }
        var widths = headers.map { DisplayWidth.of($0) }
        for row in rows {
            for (column, cell) in row.cells.enumerated() where column < widths.count {
                let w = cell.reduce(0) { $0 + DisplayWidth.of(DisplayWidth.escaped($1.text)) }
                widths[column] = max(widths[column], min(cap, w))
            }
        }
        // Columns that do not fit are dropped from the right; the last shown one gets the rest.
        var result: [Int] = []
        var used = 0
        for width in widths {
            let w = min(width, cap)
            if used + w + 1 > total {
                // A last column that still has room for a few characters is shown cut.
                if total - used - 1 >= min(w, 8) { result.append(total - used - 1); used = total }
                break
            }
            result.append(w)
            used += w + 1
        }
        if result.isEmpty { return [max(1, total - 1)] }
        result[result.count - 1] += max(0, total - used)
        return result
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}

/// How the list and the detail show which of them has the keyboard: the focused one's header
/// bar in the active tab's role (reversed without colour) and led by `▶`.
enum FocusMark {
    static func bar(_ focused: Bool) -> Role { focused ? .tabActive : .header }
    static func glyph(_ focused: Bool) -> String { focused ? "▶ " : "  " }
}
