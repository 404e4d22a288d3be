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
    /// Caps of particular columns (by index), over `cap`.
    var caps: [Int: Int] = [:]

    /// Draws the first column and the others from `1 + skip` on (`h`/`l` scroll them); columns
    /// that do not fit are counted at the header's right edge (`‹2 ›3`).
    func draw(_ buffer: inout CellBuffer, in rect: Rect, cursor: Int, focused: Bool, skip: Int = 0) {
        guard rect.height > 0, !headers.isEmpty else { return }
        let first = min(headers.count, 1 + skip)
        let shown = [0] + Array(first..<headers.count)
        let left = max(0, first - 1)
        var widths = columnWidths(shown, total: rect.width - 2)
        var marker = Self.marker(left: left, right: shown.count - widths.count)
        // The counts go where the last header's name leaves room; else a column makes room.
        let named = 2 + zip(shown, widths).dropLast().reduce(0) { $0 + $1.1 + 1 } + DisplayWidth.of(headers[shown[widths.count - 1]])
        if !marker.isEmpty, rect.width - named < DisplayWidth.of(marker) {
            let room = DisplayWidth.of(Self.marker(left: left, right: shown.count)) + 1
            widths = columnWidths(shown, total: rect.width - 2 - room)
            marker = Self.marker(left: left, right: shown.count - widths.count)
        }
        let columns = Array(zip(shown, widths))
        let bar = FocusMark.bar(focused)
        var header: [Segment] = [Segment(FocusMark.glyph(focused), bar)]
        for (column, width) in columns {
            header.append(Segment(DisplayWidth.fit(headers[column], to: width) + " ", bar))
        }
        buffer.put(header, x: rect.x, y: rect.y, width: rect.width, fill: bar)
        if !marker.isEmpty {
            let width = DisplayWidth.of(marker)
            buffer.put(marker, x: rect.x + rect.width - width, y: rect.y, role: .marked, limit: width)
        }
        for (offset, row) in rows.enumerated() where offset < rect.height - 1 {
            let y = rect.y + 1 + offset
            let isCursor = row.index == cursor
            let override: Role? = isCursor ? (focused ? .cursor : .cursorInactive) : nil
            var segments: [Segment] = [Segment(row.marked ? "● " : "  ", .marked)]
            for (column, width) in columns {
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

    /// `‹2 ›3`: columns scrolled past on the left, and not shown on the right.
    static func marker(left: Int, right: Int) -> String {
        [left > 0 ? "‹\(left)" : nil, right > 0 ? "›\(right)" : nil].compactMap { $0 }.joined(separator: " ")
    }

    /// Widths of the `shown` columns that fit in `total` (fewer than asked when they do not).
    func columnWidths(_ shown: [Int], total: Int) -> [Int] {
        guard !shown.isEmpty else { return [] }
        var widths = shown.map { DisplayWidth.of(headers[$0]) }
        for row in rows {
            for (position, column) in shown.enumerated() {
                let cell = row.cells[safe: column] ?? []
                let w = cell.reduce(0) { $0 + DisplayWidth.of(DisplayWidth.escaped($1.text)) }
                widths[position] = max(widths[position], min(caps[column] ?? cap, w))
            }
        }
        // Columns that do not fit are dropped from the right; the last shown one gets the rest.
        var result: [Int] = []
        var used = 0
        for (position, width) in widths.enumerated() {
            let w = min(width, caps[shown[position]] ?? cap)
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
