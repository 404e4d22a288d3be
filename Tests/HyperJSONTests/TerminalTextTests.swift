import HyperJSON
import Testing

/// Control characters in printed JSON and in messages: one classification, escaped everywhere.
@Suite("Terminal-safe text")
struct TerminalTextTests {
    /// Every scalar `TerminalText.isControl` names, and only those.
    static let controls: [Unicode.Scalar] = {
        let values: [ClosedRange<UInt32>] = [0...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069]
        return values.flatMap { $0.compactMap(Unicode.Scalar.init) }
    }()

    @Test func theControlsAreC0DelC1AndBidi() {
        let named = (0...0x10FFFF).compactMap(Unicode.Scalar.init).filter(TerminalText.isControl)
        #expect(named == Self.controls)
    }

    /// C1 (U+009B is an 8-bit CSI) and bidi overrides were printed raw; now every control comes
    /// out as a `\u` escape, and the printed JSON still reads back as the same value.
    @Test func printedJSONHoldsNoControlCharacter() throws {
        let text = String(String.UnicodeScalarView(Self.controls)) + "plain é 日本 \u{2028} 🚀 \u{200F}"
        let json = JSON.object([text: .string(text)])
        for printed in [json.compact, json.pretty()] {
            // The pretty layout's own line feeds are the only ones.
            #expect(!printed.unicodeScalars.contains { $0 != "\n" && TerminalText.isControl($0) }, "\(printed.debugDescription)")
            #expect(printed.split(separator: "\n").count == (printed == json.compact ? 1 : 3))
            #expect(try JSON.parse(printed) == json)
        }
        #expect(JSON.string("\u{9b}31m\u{202e}x\u{2069}").compact == #""\u009b31m\u202ex\u2069""#)
        #expect(JSON.string("é\u{a0}\u{2028}\u{200f}").compact == "\"é\u{a0}\u{2028}\u{200f}\"", "other non-ASCII stays UTF-8")
    }

    @Test func messagesShowVisibleEscapes() {
        #expect(TerminalText.escaped("a\u{1b}]0;x\u{07}b") == "a\\x1b]0;x\\x07b")
        #expect(TerminalText.escaped("\u{9b}31m\u{202e}evil\tz\r") == "\\x9b31m\\u{202e}evil\\tz\\r")
        #expect(TerminalText.escaped("two\nlines") == "two\\nlines")
        #expect(TerminalText.escaped("two\nlines\u{1b}", keepingNewlines: true) == "two\nlines\\x1b")
        #expect(TerminalText.escaped("plain 日本 🚀") == "plain 日本 🚀")
        #expect(TerminalText.escaped("ab", alsoEscaping: { $0 == "b" }) == "a\\x62")
    }
}
