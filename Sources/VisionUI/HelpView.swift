import VisionCore

/// `?`: the keys and commands of the focused pane, generated from the command table.
enum HelpView {
    static func lines(for pane: Pane, readOnlyReason: String? = nil) -> [[Segment]] {
        var lines: [[Segment]] = [[Segment("\(pane.title) pane: keys and :commands", .header)], []]
        if let readOnlyReason {
            lines.insert([Segment("read-only (\(readOnlyReason)): commands marked (writes) are disabled", .error)], at: 1)
        }
        for command in CommandTable.help(pane: pane) {
            let keys = DisplayWidth.fit(command.keyLabel, to: 14)
            let name = command.name.map { ":" + $0 } ?? ""
            var line = [Segment(keys, .helpKey), Segment(DisplayWidth.fit(name, to: 12), .prompt), Segment(command.title, .normal)]
            if command.writes { line.append(Segment("  (writes)", .dim)) }
            lines.append(line)
        }
        if !pane.queryGrammar.isEmpty {
            lines += [[], [Segment("/ \(pane.queryPrompt):", .header)]]
            lines += pane.queryGrammar.map { [Segment("  " + $0, .normal)] }
        }
        lines.append([])
        lines.append([Segment("j/k scroll, Esc or ? closes", .dim)])
        return lines
    }

    static func draw(_ buffer: inout CellBuffer, _ state: AppState, top: Int, in layout: ScreenLayout) {
        let height = layout.height - 4
        let content = lines(for: state.pane, readOnlyReason: state.connection.readOnly
                            ? state.connection.readOnlyReason ?? "read-only connection" : nil)
        let start = min(top, max(0, content.count - (height - 2)))
        Overlay.box(&buffer, content, start: start, width: min(layout.width - 4, 76), height: height, layout: layout)
    }
}
