import VisionCore

/// A framed box over the panes (help, dialogs): lines from `start`, with an optional highlighted
/// line (a dialog's cursor), and words on its borders (a title, what lies above and below).
enum Overlay {
    static func box(_ buffer: inout CellBuffer, _ content: [[Segment]], start: Int, width: Int, height: Int,
                    layout: ScreenLayout, highlight: Int? = nil, title: String? = nil, top: String? = nil, bottom: String? = nil) {
        let x = (layout.width - width) / 2
        let y = 2
        border(&buffer, "┌", "┐", x: x, y: y, width: width, left: title, right: top)
        for row in 1..<(height - 1) {
            let index = start + row - 1
            let role: Role? = index == highlight ? .cursor : nil
            buffer.put([Segment("│", .separator)], x: x, y: y + row, width: 1)
            buffer.put(content[safe: index] ?? [], x: x + 2, y: y + row, width: width - 4, fill: role ?? .normal, override: role)
            buffer.put(" ", x: x + 1, y: y + row, role: role ?? .normal)
            buffer.put(" ", x: x + width - 2, y: y + row, role: .normal)
            buffer.put([Segment("│", .separator)], x: x + width - 1, y: y + row, width: 1)
        }
        border(&buffer, "└", "┘", x: x, y: y + height - 1, width: width, left: nil, right: bottom)
    }

    /// `┌─ Help ───── ↑ 3 more ─┐`
    static func border(_ buffer: inout CellBuffer, _ leftCorner: String, _ rightCorner: String, x: Int, y: Int, width: Int,
                       left: String?, right: String?) {
        buffer.put([Segment(leftCorner + String(repeating: "─", count: max(0, width - 2)) + rightCorner, .separator)], x: x, y: y, width: width)
        if let left, width > 8 {
            buffer.put(" \(left) ", x: x + 2, y: y, role: .header, limit: width - 4)
        }
        if let right {
            let text = " \(right) "
            let columns = min(DisplayWidth.of(text), max(0, width - 4))
            buffer.put(text, x: x + width - 2 - columns, y: y, role: .helpKey, limit: columns)
        }
    }
}
