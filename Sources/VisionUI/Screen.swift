import VisionCore

/// The whole frame from state: the only entry point the terminal needs. Pure.
public enum Screen {
    public static func render(_ state: AppState) -> CellBuffer {
        var buffer = CellBuffer(width: state.width, height: state.height)
        let layout = state.layout
        if layout.isTooSmall {
            drawTooSmall(&buffer, state)
            return buffer
        }
        Chrome.titleBar(&buffer, state, layout.titleBar)
        Chrome.tabs(&buffer, state, layout.tabs)
        ListView.draw(&buffer, state, layout.list)
        drawDivider(&buffer, layout)
        DetailView.draw(&buffer, state.detail, focused: hasKeyboard(.detail, state), now: state.now, in: layout.detail)
        Chrome.statusLine(&buffer, state, layout.statusLine)
        Chrome.promptLine(&buffer, state, layout.promptLine)
        if let dialog = state.dialog { DialogView.draw(&buffer, state, dialog, in: layout) }
        if let top = state.helpTop { HelpView.draw(&buffer, state, top: top, in: layout) }
        return buffer
    }

    /// Whether `area` is drawn as focused: it has the focus and no prompt, dialog or help box
    /// has taken the keyboard from it.
    static func hasKeyboard(_ area: Focus, _ state: AppState) -> Bool {
        state.focus == area && state.prompt == nil && state.dialog == nil && state.helpTop == nil
    }

    static func drawDivider(_ buffer: inout CellBuffer, _ layout: ScreenLayout) {
        if layout.sideBySide {
            let x = layout.list.x + layout.list.width
            for y in layout.list.y..<(layout.list.y + layout.list.height) { buffer.put("│", x: x, y: y, role: .separator) }
        } else {
            let y = layout.list.y + layout.list.height
            buffer.put(String(repeating: "─", count: layout.width), x: 0, y: y, role: .separator)
        }
    }

    /// Below 60x16 the layout cannot work: say so politely; the next resize recovers.
    static func drawTooSmall(_ buffer: inout CellBuffer, _ state: AppState) {
        let lines = [
            "Terminal too small",
            "\(state.width)x\(state.height), needs \(ScreenLayout.minimumWidth)x\(ScreenLayout.minimumHeight)",
            "q quits",
        ]
        let top = max(0, (state.height - lines.count) / 2)
        for (offset, line) in lines.enumerated() {
            let text = DisplayWidth.truncate(line, to: state.width)
            let x = max(0, (state.width - DisplayWidth.of(text)) / 2)
            buffer.put(text, x: x, y: top + offset, role: offset == 0 ? .header : .normal)
        }
    }
}
