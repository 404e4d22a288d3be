/// Untrusted text (a server's message, an error page, a document's string) made safe to print
/// on a terminal: every control character becomes a visible escape, so no escape sequence
/// (title change, clipboard write, screen clear) and no bidi reordering reaches the terminal.
/// The one classification of control characters: the browser's screen, the CLI's messages and
/// the JSON printer all use it.
public enum TerminalText {
    /// C0 controls, DEL, C1 controls (U+0080-U+009F, where U+009B is an 8-bit CSI) and the bidi
    /// embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069), which reorder what
    /// follows them on screen.
    @inline(__always)
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) { return true }
        return (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
    }

    /// `text` with each control character written as `\n`, `\t`, `\r`, `\x1b` (up to U+00FF) or
    /// `\u{202e}`; so is whatever `alsoEscaping` picks (the browser adds what it cannot draw).
    /// `keepingNewlines` leaves line feeds alone, for multi-line messages.
    public static func escaped(_ text: String, keepingNewlines: Bool = false,
                               alsoEscaping extra: (Unicode.Scalar) -> Bool = { _ in false }) -> String {
        func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
            (isControl(scalar) && !(keepingNewlines && scalar == "\n")) || extra(scalar)
        }
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            guard needsEscape(scalar) else {
                out.append(scalar)
                continue
            }
            let escape: String = switch scalar {
            case "\n": "\\n"
            case "\t": "\\t"
            case "\r": "\\r"
            default: scalar.value <= 0xFF
                ? "\\x" + hex(scalar.value, digits: 2)
                : "\\u{" + hex(scalar.value, digits: 4) + "}"
            }
            out.append(contentsOf: escape.unicodeScalars)
        }
        return String(out)
    }

    private static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
