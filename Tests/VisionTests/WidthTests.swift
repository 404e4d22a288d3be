import Testing
@testable import VisionUI
import VisionCore

@Suite struct WidthTests {
    @Test func wideCharactersTakeTwoColumns() {
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("日本語") == 6)
        #expect(DisplayWidth.of("🚀") == 2)
        #expect(DisplayWidth.of("é") == 1)              // e + combining acute
        #expect(DisplayWidth.of("שלום") == 4)
    }

    @Test func controlCharactersAndEscapeSequencesAreShownEscaped() {
        #expect(DisplayWidth.escaped("a\u{1b}[31mb") == "a\\x1b[31mb")
        #expect(DisplayWidth.escaped("line\nnext\ttab\u{07}") == "line\\nnext\\ttab\\x07")
        #expect(DisplayWidth.escaped("\u{9b}x\u{202e}y") == "\\x9bx\\u{202e}y")
        #expect(DisplayWidth.escaped("plain 日本") == "plain 日本")
    }

    @Test func truncationNeverSplitsAWideCharacter() {
        #expect(DisplayWidth.truncate("日本語テキスト", to: 7) == "日本語…")
        #expect(DisplayWidth.of(DisplayWidth.fit("日本語テキスト", to: 8)) == 8)
        #expect(DisplayWidth.fit("ab", to: 4) == "ab  ")
    }

    @Test func bufferKeepsRowsAtExactWidth() {
        var buffer = CellBuffer(width: 10, height: 2)
        buffer.put("日本語テキスト", x: 0, y: 0, role: .normal)
        buffer.put("x🚀\u{1b}y", x: 1, y: 1, role: .normal)
        for line in buffer.lines { #expect(DisplayWidth.of(line) == 10) }
        #expect(buffer.lines[0] == "日本語テキ")
        #expect(buffer.lines[1] == " x🚀\\x1by ")
    }

    @Test func drawingOutsideTheBufferIsHarmless() {
        var buffer = CellBuffer(width: 4, height: 1)
        buffer.fill(x: 2, y: 0, width: -3, role: .cursor)
        buffer.fill(x: 9, y: 0, width: 2, role: .cursor)
        buffer.fill(x: -2, y: 0, width: 3, role: .cursor)
        #expect(buffer[0, 0].role == .cursor && buffer[1, 0].role == .normal)
        #expect(buffer.put("abc", x: 2, y: 0, role: .normal, limit: -1) == 0)
        #expect(buffer.put("abc", x: 1, y: 5, role: .normal) == 0)
        #expect(buffer.put([Segment("xy", .normal)], x: 0, y: 0, width: -2) == 0)
    }

    @Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var buffer = CellBuffer(width: 6, height: 1)
        buffer.put("日本語", x: 0, y: 0, role: .normal)
        buffer.put("a", x: 1, y: 0, role: .normal)
        #expect(buffer.lines[0] == " a本語")
        buffer.put("b", x: 2, y: 0, role: .normal)
        #expect(buffer.lines[0] == " ab 語")
    }

    /// Prose wraps at spaces within the width, counting wide characters as two columns; a word
    /// wider than the line is broken by columns; rows past the limit are left out.
    @Test func proseWrapsAtSpaces() {
        #expect(Wrap.words("offline: this list is not cached", width: 12, maxRows: 9) == ["offline:", "this list is", "not cached"])
        #expect(Wrap.words("日本語 日本語 x", width: 8, maxRows: 9) == ["日本語", "日本語 x"])
        #expect(Wrap.words("see abcdefghijklmnop now", width: 6, maxRows: 9) == ["see", "abcdef", "ghijkl", "mnop", "now"])
        #expect(Wrap.words("one two three four", width: 4, maxRows: 2) == ["one", "two"])
        #expect(Wrap.words("anything", width: 10, maxRows: 0).isEmpty)
    }

    @Test func isoDatesAreRecognised() {
        #expect(ValueText.isoDate("1970-01-02") == 86400)
        #expect(ValueText.isoDate("2026-11-21T06:00:00Z") == 1_795_240_800)
        #expect(ValueText.isoDate("2026-11-21T08:00:00.5+02:00") == 1_795_240_800.5)
        #expect(ValueText.isoDate("2026-13-01") == nil)
        #expect(ValueText.isoDate("movie-0001") == nil)
    }
}
