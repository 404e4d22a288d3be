import VisionCore

/// A framed box over the panes (help, dialogs): lines from `start`, with an optional highlighted
/// line (a dialog's cursor).
enum Overlay {
    static func box(_ buffer: inout CellBuffer, _ content: [[Segment]], start: Int, width: Int, height: Int,
                    layout: ScreenLayout, highlight: Int? = nil) {
        let x = (layout.width - width) / 2
        let y = 2
        buffer.put([Segment("┌" + String(repeating: "─", count: width - 2) + "┐", .separator)], x: x, y: y, width: width)
        for row in 1..<(height - 1) {
            let index = start + row - 1
            let role: Role? = index == highlight ? .cursor : nil
            buffer.put([Segment("│", .separator)], x: x, y: y + row, width: 1)
            buffer.put(content[safe: index] ?? [], x: x + 2, y: y + row, width: width - 4, fill: role ?? .normal, override: role)
            buffer.put(" ", x: x + 1, y: y + row, role: role ?? .normal)
            buffer.put(" ", x: x + width - 2, y: y + row, role: .normal)
            buffer.put([Segment("│", .separator)], x: x + width - 1, y: y + row, width: 1)
        }
        buffer.put([Segment("└" + String(repeating: "─", count: width - 2) + "┘", .separator)], x: x, y: y + height - 1, width: width)
    }
}
