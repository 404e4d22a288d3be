import VisionCore

/// `?`: the keys and commands of the focused pane, generated from the command table.
enum HelpView {
    static func lines(for pane: Pane) -> [[Segment]] {
        var lines: [[Segment]] = [[Segment("\(pane.title) pane: keys and :commands", .header)], []]
        for command in CommandTable.help(pane: pane) {
            let keys = DisplayWidth.fit(command.keyLabel, to: 14)
            let name = command.name.map { ":" + $0 } ?? ""
            var line = [Segment(keys, .helpKey), Segment(DisplayWidth.fit(name, to: 12), .prompt), Segment(command.title, .normal)]
            if command.writes { line.append(Segment("  (writes)", .dim)) }
            lines.append(line)
        }
        lines.append([])
        lines.append([Segment("j/k scroll, Esc or ? closes", .dim)])
        return lines
    }

    static func draw(_ buffer: inout CellBuffer, _ state: AppState, top: Int, in layout: ScreenLayout) {
        let width = min(layout.width - 4, 76)
        let height = layout.height - 4
        let x = (layout.width - width) / 2
        let y = 2
        let content = lines(for: state.pane)
        let start = min(top, max(0, content.count - (height - 2)))
        buffer.put([Segment("┌" + String(repeating: "─", count: width - 2) + "┐", .separator)], x: x, y: y, width: width)
        for row in 1..<(height - 1) {
            buffer.put([Segment("│", .separator)], x: x, y: y + row, width: 1)
            buffer.put(content[safe: start + row - 1] ?? [], x: x + 2, y: y + row, width: width - 4, fill: .normal)
            buffer.put(" ", x: x + 1, y: y + row, role: .normal)
            buffer.put(" ", x: x + width - 2, y: y + row, role: .normal)
            buffer.put([Segment("│", .separator)], x: x + width - 1, y: y + row, width: 1)
        }
        buffer.put([Segment("└" + String(repeating: "─", count: width - 2) + "┘", .separator)], x: x, y: y + height - 1, width: width)
    }
}
