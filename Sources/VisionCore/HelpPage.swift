/// `?`: the keys and commands that work here, from the command table, grouped as tig groups
/// them (the pane's own, movement, view, edit, dialogs), with each command's argument syntax,
/// word-wrapped to the help box so no line is ever cut. Pure, and here rather than in the view
/// so that scrolling (`j k g G PgUp PgDn`) knows where the page ends.
public enum HelpPage {
    /// One run of text of a help line, and what it is (the view gives each part its role).
    public struct Span: Equatable, Sendable {
        public enum Part: Sendable { case heading, key, syntax, text, note, warning }
        public let text: String
        public let part: Part
        public init(_ text: String, _ part: Part) { self.text = text; self.part = part }
    }
    public typealias Line = [Span]

    /// Where the help box goes on a screen of `layout`'s size: its outer width and height.
    public static func box(_ layout: ScreenLayout) -> (width: Int, height: Int) {
        (max(20, min(layout.width - 4, 84)), max(4, layout.height - 4))
    }

    /// Columns of text inside the box (a border and a space each side).
    public static func textWidth(_ layout: ScreenLayout) -> Int { box(layout).width - 4 }
    /// Lines of the page shown at once.
    public static func rows(_ layout: ScreenLayout) -> Int { box(layout).height - 2 }

    /// The first line shown when the page is scrolled to the end.
    public static func lastTop(_ state: AppState) -> Int {
        max(0, lines(for: state).count - rows(state.layout))
    }

    /// The whole page for the state's pane (and open dialog), wrapped to the box.
    public static func lines(for state: AppState) -> [Line] {
        let width = textWidth(state.layout)
        var lines: [Line] = []
        func section(_ title: String, _ commands: [Command]) {
            guard !commands.isEmpty else { return }
            if !lines.isEmpty { lines.append([]) }
            lines.append([Span(title, .heading)])
            // A syntax longer than a third of what is left runs into its title instead.
            let syntaxWidth = min((width - keyWidth) / 3, commands.map { DisplayWidth.of(syntax($0)) }.max() ?? 0)
            for command in commands { lines += entry(command, state, syntaxWidth: syntaxWidth, width: width) }
        }
        if let dialog = state.dialog {
            section("\(dialog.kind.title) dialog", CommandTable.help(dialog: dialog.kind))
        }
        let pane = state.pane
        if let reason = state.disabledReason(.edit) {
            lines += wrap([Span("\(reason): writes are disabled", .warning)], width: width, indent: 0)
        }
        let commands = CommandTable.help(pane: pane)
        for group in HelpGroup.allCases where group != .dialog {
            section(group == .pane ? "\(pane.title) pane" : group.title, commands.filter { $0.group == group })
        }
        if !pane.queryGrammar.isEmpty {
            lines += [[], [Span("/ \(pane.queryPrompt) (also :query in the data pane)", .heading)]]
            for rule in pane.queryGrammar { lines += wrap([Span(rule, .text)], width: width, indent: 2, first: 2) }
        }
        if state.dialog == nil {
            for kind in DialogKind.allCases {
                let keys = CommandTable.help(dialog: kind).map { "\($0.keys.first.map { $0.map(\.label).joined() } ?? "") \($0.title)" }
                if lines.last != [] { lines.append([]) }
                lines.append([Span("\(kind.title) dialog", .heading)])
                lines += wrap([Span(keys.joined(separator: " · "), .text)], width: width, indent: 2, first: 2)
            }
        }
        return lines
    }

    /// `:query TEXT`: the palette name with its argument's syntax; empty for keys-only commands.
    static func syntax(_ command: Command) -> String {
        guard let name = command.name else { return "" }
        let argument = command.argument.syntax
        return ":" + name + (argument.isEmpty ? "" : " " + argument)
    }

    static let keyWidth = 11

    /// `j ↓        :top         First item`, wrapped under the title's column.
    static func entry(_ command: Command, _ state: AppState, syntaxWidth: Int, width: Int) -> [Line] {
        var spans = [Span(pad(command.keyLabel, keyWidth), .key)]
        let syntax = syntax(command)
        let syntaxColumn = syntaxWidth > 0 ? syntaxWidth + 2 : 0
        if DisplayWidth.of(syntax) + 2 > syntaxColumn {
            // Longer than the column: on its own, and the title goes on.
            spans.append(Span(syntax + "  ", .syntax))
        } else if syntaxColumn > 0 {
            spans.append(Span(pad(syntax, syntaxColumn), .syntax))
        }
        spans.append(Span(command.title, .text))
        if command.writes {
            spans.append(Span(state.disabledReason(command.id) == nil ? " (writes)" : " (writes: disabled)", .note))
        }
        let indent = min(keyWidth + syntaxColumn, width / 2)
        return wrap(spans, width: width, indent: indent)
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text + spaces(max(1, width - DisplayWidth.of(text)))
    }

    /// Word-wraps spans to `width` columns; continuation lines start `indent` columns in (the
    /// first line `first` columns in). A word longer than a line is broken where the line ends.
    static func wrap(_ spans: [Span], width: Int, indent: Int, first: Int = 0) -> [Line] {
        let indent = min(indent, max(0, width - 12))   // always room for some text
        var lines: [Line] = []
        var current: Line = first > 0 ? [Span(spaces(first), .text)] : []
        var used = first
        func newLine() {
            lines.append(trimmed(current))
            current = indent > 0 ? [Span(spaces(indent), .text)] : []
            used = indent
        }
        for span in spans {
            for token in tokens(DisplayWidth.escaped(span.text)) {
                let word = token.trimmingSuffix(" ")
                if word.isEmpty && used == indent && !lines.isEmpty { continue }
                if used + DisplayWidth.of(word) > width && used > indent { newLine() }
                var rest = token
                while DisplayWidth.of(rest.trimmingSuffix(" ")) > width - used {
                    let piece = prefix(rest, columns: width - used)
                    guard !piece.isEmpty else { break }
                    current.append(Span(piece, span.part))
                    rest = String(rest.dropFirst(piece.count))
                    newLine()
                }
                if !rest.isEmpty {
                    current.append(Span(rest, span.part))
                    used += DisplayWidth.of(rest)
                }
            }
        }
        lines.append(trimmed(current))
        return lines
    }

    /// The line without the spaces at its end (padding that ran past the width).
    static func trimmed(_ line: Line) -> Line {
        var line = line
        while let last = line.last, last.text.last == " " {
            let text = last.text.trimmingSuffix(" ")
            line.removeLast()
            if !text.isEmpty { line.append(Span(text, last.part)); break }
        }
        return line
    }

    /// `"a b  c"` as `["a ", "b  ", "c"]`: each word with the spaces after it.
    static func tokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var token = ""
        for character in text {
            if character != " ", token.last == " " {
                tokens.append(token)
                token = ""
            }
            token.append(character)
        }
        if !token.isEmpty { tokens.append(token) }
        return tokens
    }

    /// The longest start of `text` that fits in `columns`.
    static func prefix(_ text: String, columns: Int) -> String {
        var piece = ""
        var used = 0
        for character in text {
            let width = DisplayWidth.of(String(character))
            if used + width > columns { break }
            piece.append(character)
            used += width
        }
        return piece
    }

    static func spaces(_ count: Int) -> String { String(repeating: " ", count: count) }
}

/// The groups of `?` help.
public enum HelpGroup: CaseIterable, Sendable {
    case pane, movement, view, edit, dialog

    var title: String {
        switch self {
        case .pane: "Pane"
        case .movement: "Move"
        case .view: "View"
        case .edit: "Edit"
        case .dialog: "Dialogs"
        }
    }
}

extension Command {
    static let movement: Set<CommandID> = [
        .focusNext, .focusPrevious, .down, .up, .top, .bottom, .pageDown, .pageUp, .halfDown, .halfUp,
        .open, .back, .toggle, .foldAll, .unfoldAll, .expand, .collapse, .scrollLeft, .scrollRight,
    ]
    static let editing: Set<CommandID> = [.edit, .add, .delete, .undo, .journal, .drafts]

    /// Where `?` lists it: a dialog's keys, movement, edits, what only some panes have, the rest.
    public var group: HelpGroup {
        if dialogs != nil { return .dialog }
        if Self.movement.contains(id) { return .movement }
        if Self.editing.contains(id) { return .edit }
        if panes != nil { return .pane }
        return writes ? .edit : .view
    }
}

extension String {
    func trimmingSuffix(_ character: Character) -> String {
        var text = self
        while text.last == character { text.removeLast() }
        return text
    }
}
