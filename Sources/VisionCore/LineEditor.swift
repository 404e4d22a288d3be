/// The text of a one-line prompt being edited: the text, where the cursor is, and whether a
/// pre-filled text is selected. Positions count `Character`s (grapheme clusters), so a CJK
/// character or an emoji with its modifiers moves and deletes as one. Pure.
///
/// A pre-filled text (the active query) starts selected, as in a browser's address bar: the
/// first typed character replaces it, Backspace or Delete clear it, and a movement key keeps it
/// for editing (Left and Home go to its start, Right and End to its end).
public struct LineEditor: Sendable, Equatable {
    public private(set) var text: String
    /// Characters before the cursor.
    public private(set) var cursor: Int
    public private(set) var selected: Bool

    public init(_ text: String = "", selected: Bool? = nil) {
        self.text = text
        cursor = text.count
        self.selected = selected ?? !text.isEmpty
    }

    /// The text before and after the cursor.
    public var split: (before: String, after: String) {
        let index = text.index(text.startIndex, offsetBy: cursor)
        return (String(text[..<index]), String(text[index...]))
    }

    /// Applies an editing key; false for keys that are not editing keys (Enter, Tab, Up...).
    public mutating func apply(_ key: Key) -> Bool {
        switch key {
        case .char(let c): insert(String(c))
        case .left, .ctrl("b"): move(to: selected ? 0 : cursor - 1)
        case .right, .ctrl("f"): move(to: selected ? text.count : cursor + 1)
        case .home, .ctrl("a"): move(to: 0)
        case .end, .ctrl("e"): move(to: text.count)
        case .alt("b"): move(to: selected ? 0 : wordStart(before: cursor))
        case .alt("f"): move(to: selected ? text.count : wordEnd(after: cursor))
        case .backspace: selected ? clear() : delete(cursor - 1..<cursor)
        case .delete, .ctrl("d"): selected ? clear() : delete(cursor..<cursor + 1)
        case .ctrl("k"): selected ? clear() : delete(cursor..<text.count)
        case .ctrl("u"): selected ? clear() : delete(0..<cursor)
        case .ctrl("w"): selected ? clear() : delete(spaceWordStart(before: cursor)..<cursor)
        case .alt("d"): selected ? clear() : delete(cursor..<wordEnd(after: cursor))
        default: return false
        }
        return true
    }

    /// Types `string` at the cursor (over the selection, if any).
    public mutating func insert(_ string: String) {
        if selected { clear() }
        var characters = Array(text)
        characters.insert(contentsOf: string, at: cursor)
        text = String(characters)
        cursor += string.count
    }

    /// Replaces the whole text (history, completion), the cursor at its end.
    public mutating func replace(with newText: String) {
        self = LineEditor(newText, selected: false)
    }

    private mutating func clear() { self = LineEditor("", selected: false) }

    private mutating func move(to position: Int) {
        selected = false
        cursor = min(max(0, position), text.count)
    }

    private mutating func delete(_ range: Range<Int>) {
        let lower = max(0, range.lowerBound), upper = min(text.count, range.upperBound)
        guard lower < upper else { return }
        var characters = Array(text)
        characters.removeSubrange(lower..<upper)
        text = String(characters)
        cursor = lower
    }

    /// Alt-B, Alt-F: words are letters and digits (`type=movie` is two words), as in readline.
    private static func isWord(_ c: Character) -> Bool { c.isLetter || c.isNumber }

    private func wordStart(before position: Int) -> Int {
        let characters = Array(text)
        var index = position
        while index > 0, !Self.isWord(characters[index - 1]) { index -= 1 }
        while index > 0, Self.isWord(characters[index - 1]) { index -= 1 }
        return index
    }

    private func wordEnd(after position: Int) -> Int {
        let characters = Array(text)
        var index = position
        while index < characters.count, !Self.isWord(characters[index]) { index += 1 }
        while index < characters.count, Self.isWord(characters[index]) { index += 1 }
        return index
    }

    /// Ctrl-W: back to the previous whitespace, as a shell's unix-word-rubout.
    private func spaceWordStart(before position: Int) -> Int {
        let characters = Array(text)
        var index = position
        while index > 0, characters[index - 1].isWhitespace { index -= 1 }
        while index > 0, !characters[index - 1].isWhitespace { index -= 1 }
        return index
    }
}
