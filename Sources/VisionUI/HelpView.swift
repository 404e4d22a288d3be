import VisionCore

/// `?`: the help page (`HelpPage`: grouped, wrapped to the box) in a box over the panes, with
/// what lies above and below it counted on the box's border.
enum HelpView {
    static func lines(for state: AppState) -> [[Segment]] {
        HelpPage.lines(for: state).map { line in line.map { Segment($0.text, role($0.part)) } }
    }

    static func role(_ part: HelpPage.Span.Part) -> Role {
        switch part {
        case .heading: .header
        case .key: .helpKey
        case .syntax: .prompt
        case .text: .normal
        case .note: .dim
        case .warning: .error
        }
    }

    static func draw(_ buffer: inout CellBuffer, _ state: AppState, top: Int, in layout: ScreenLayout) {
        let (width, height) = HelpPage.box(layout)
        let content = lines(for: state)
        let rows = HelpPage.rows(layout)
        let start = min(top, max(0, content.count - rows))
        let below = max(0, content.count - start - rows)
        Overlay.box(&buffer, content, start: start, width: width, height: height, layout: layout,
                    title: "Help: \(state.pane.title)",
                    top: start > 0 ? "↑ \(start) more" : nil,
                    bottom: below > 0 ? "↓ \(below) more (j k PgDn PgUp g G)  Esc closes" : "Esc closes")
    }
}
