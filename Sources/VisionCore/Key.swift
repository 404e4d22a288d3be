/// One decoded key press. The terminal layer turns raw input into these; everything above it
/// (key maps, the prompt, tests) speaks only this type.
public enum Key: Hashable, Sendable {
    case char(Character)
    /// Ctrl plus a letter, lowercased: Ctrl-D is `.ctrl("d")`.
    case ctrl(Character)
    /// Alt (Meta) plus a character: the terminal sends Esc then the character (`Alt-b`).
    case alt(Character)
    case enter, esc, tab, backTab, backspace, delete
    case up, down, left, right, home, end, pageUp, pageDown
    case function(Int)

    /// The key as help and the status line show it (`Ctrl-d`, `PgDn`, `j`).
    public var label: String {
        switch self {
        case .char(" "): "Space"
        case .char(let c): String(c)
        case .ctrl(let c): "Ctrl-\(c)"
        case .alt(let c): "Alt-\(c)"
        case .enter: "Enter"
        case .esc: "Esc"
        case .tab: "Tab"
        case .backTab: "Shift-Tab"
        case .backspace: "Backspace"
        case .delete: "Del"
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .home: "Home"
        case .end: "End"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .function(let n): "F\(n)"
        }
    }
}
