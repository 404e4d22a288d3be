import Testing
@testable import VisionCore

/// The prompt's line editor, key by key, as the user types it.
@Suite struct LineEditorTests {
    /// Types keys into an editor and returns it.
    func typed(_ start: LineEditor, _ keys: [Key]) -> LineEditor {
        var line = start
        for key in keys { _ = line.apply(key) }
        return line
    }

    func chars(_ text: String) -> [Key] { text.map { Key.char($0) } }

    /// The issue's repro: `/` pre-filled `{"year":{"$gt":2020}}`, typing `type=book` gave
    /// `{"year":{"$gt":2020}}type=book`; the first character now replaces the selection.
    @Test func aPrefilledTextIsReplacedByTheFirstTypedCharacter() {
        let line = typed(LineEditor(#"{"year":{"$gt":2020}}"#), chars("type=book"))
        #expect(line.text == "type=book")
        #expect(line.cursor == 9 && !line.selected)
    }

    @Test func aMovementKeyKeepsThePrefilledTextForEditing() {
        #expect(typed(LineEditor("type=movie"), [.end] + chars(" year>1984")).text == "type=movie year>1984")
        #expect(typed(LineEditor("type=movie"), [.home] + chars("x ")).text == "x type=movie")
        #expect(typed(LineEditor("type=movie"), [.left] + chars("x ")).text == "x type=movie", "Left goes to the selection's start")
        #expect(typed(LineEditor("type=movie"), [.right, .backspace]).text == "type=movi")
        #expect(typed(LineEditor("type=movie"), [.backspace]).text == "", "Backspace clears a selection")
        #expect(typed(LineEditor("type=movie"), [.delete]).text == "")
        #expect(LineEditor("").selected == false)
    }

    @Test func readlineKeysMoveAndKill() {
        let start = typed(LineEditor("type=movie year>1984 sort=-year"), [.end])
        #expect(typed(start, [.ctrl("a")] + chars("!")).text == "!type=movie year>1984 sort=-year")
        #expect(typed(start, [.ctrl("a"), .ctrl("e")] + chars("!")).text == "type=movie year>1984 sort=-year!")
        #expect(typed(start, [.ctrl("w")]).text == "type=movie year>1984 ", "Ctrl-W kills back to the space")
        #expect(typed(start, [.alt("b"), .ctrl("k")]).text == "type=movie year>1984 sort=-", "Alt-B goes back one word")
        #expect(typed(start, [.ctrl("a"), .alt("f"), .ctrl("u")]).text == "=movie year>1984 sort=-year", "Ctrl-U kills to the start")
        #expect(typed(start, [.ctrl("a"), .alt("f"), .alt("f")] + chars("!")).text == "type=movie! year>1984 sort=-year")
        #expect(typed(start, [.home, .delete, .delete]).text == "pe=movie year>1984 sort=-year")
        #expect(typed(start, [.left, .left, .backspace]).text == "type=movie year>1984 sort=-yar")
        #expect(typed(start, [.ctrl("a"), .ctrl("f"), .ctrl("b"), .ctrl("d")]).text == "ype=movie year>1984 sort=-year")
        #expect(typed(start, [.ctrl("a"), .alt("d")]).text == "=movie year>1984 sort=-year")
    }

    /// A CJK character, an emoji with a skin tone, a family joined by ZWJs and an accent made
    /// of a combining mark each move and delete as one.
    @Test func wideCharactersMoveAndDeleteAsOne() {
        let text = "千👍🏽👨‍👩‍👧é!"
        let line = typed(LineEditor(text), [.end])
        #expect(line.cursor == 5)
        #expect(typed(line, [.left, .backspace]).text == "千👍🏽👨‍👩‍👧!", "the accent and its mark go together")
        #expect(typed(line, [.left, .left, .backspace]).text == "千👍🏽é!", "the ZWJ family goes whole")
        #expect(typed(line, [.home, .right, .delete]).text == "千👨‍👩‍👧é!", "the emoji and its skin tone go whole")
        #expect(typed(line, [.home, .delete]).text == "👍🏽👨‍👩‍👧é!")
        #expect(typed(line, [.home, .right] + chars("語")).text == "千語👍🏽👨‍👩‍👧é!")
    }

    @Test func nonEditingKeysAreLeftToThePrompt() {
        var line = LineEditor("x")
        for key in [Key.enter, .tab, .up, .down, .esc, .pageDown] {
            let handled = line.apply(key)
            #expect(!handled, "\(key)")
        }
        #expect(line == LineEditor("x"))
    }
}
