import VisionCore

/// `?`: the keys and commands of the focused pane, generated from the command table.
enum HelpView {
    /// The focused pane's keys and commands, after those of the open dialog if there is one;
    /// a write marks itself disabled on a read-only connection (`AppState.disabledReason`).
    static func lines(for state: AppState) -> [[Segment]] {
        var lines: [[Segment]] = []
        if let dialog = state.dialog {
            lines += [[Segment("\(dialog.kind.title) dialog: keys", .header)], []]
            lines += CommandTable.help(dialog: dialog.kind).map { line($0, state) } + [[]]
        }
        let pane = state.pane
        lines += [[Segment("\(pane.title) pane: keys and :commands", .header)], []]
        if let reason = state.disabledReason(.edit) {
            lines.insert([Segment("\(reason): writes are disabled", .error)], at: lines.count - 1)
        }
        lines += CommandTable.help(pane: pane).map { line($0, state) }
        if !pane.queryGrammar.isEmpty {
            lines += [[], [Segment("/ \(pane.queryPrompt):", .header)]]
            lines += pane.queryGrammar.map { [Segment("  " + $0, .normal)] }
        }
        lines.append([])
        lines.append([Segment("j/k scroll, Esc or ? closes", .dim)])
        return lines
    }

    private static func line(_ command: Command, _ state: AppState) -> [Segment] {
        let keys = DisplayWidth.fit(command.keyLabel, to: 14)
        let name = command.name.map { ":" + $0 } ?? ""
        var line = [Segment(keys, .helpKey), Segment(DisplayWidth.fit(name, to: 12), .prompt), Segment(command.title, .normal)]
        if command.writes { line.append(Segment(state.disabledReason(command.id) == nil ? "  (writes)" : "  (writes: disabled)", .dim)) }
        return line
    }

    static func draw(_ buffer: inout CellBuffer, _ state: AppState, top: Int, in layout: ScreenLayout) {
        let height = layout.height - 4
        let content = lines(for: state)
        let start = min(top, max(0, content.count - (height - 2)))
        Overlay.box(&buffer, content, start: start, width: min(layout.width - 4, 76), height: height, layout: layout)
    }
}
