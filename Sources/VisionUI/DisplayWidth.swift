import CDisplayWidth
import Glibc

/// The one width function: layout, truncation, the cell buffer and tests all use it. It asks the C
/// library's `wcwidth`, which is also what ncurses uses to place characters, so what we measure
/// is what the terminal draws (CJK and emoji are 2 columns, combining marks 0).
public enum DisplayWidth {
    /// `wcwidth` answers -1 for anything non-ASCII until LC_CTYPE is a UTF-8 locale.
    private static let localeReady: Bool = {
        if setlocale(LC_CTYPE, "") == nil || cdisplay_wcwidth(0x65E5) != 2 {
            setlocale(LC_CTYPE, "C.UTF-8")
        }
        return true
    }()

    /// Columns of one Unicode scalar: 0 for combining marks and joiners, 1 or 2 otherwise,
    /// -1 for what cannot be printed (callers escape those first).
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        if scalar.value < 0x7F { return scalar.value < 0x20 ? -1 : 1 }
        _ = localeReady
        return Int(cdisplay_wcwidth(scalar.value))
    }

    /// Columns of a whole (already escaped) string.
    public static func of(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + max(0, of($1)) }
    }

    /// Makes untrusted text safe to draw on one line: control characters, escape sequences and
    /// bidi overrides become visible escapes (`\x1b`, `\n`, `\u{202e}`) and never reach the terminal.
    public static func escaped(_ text: String) -> String {
        var needsWork = false
        for scalar in text.unicodeScalars where isUnsafe(scalar) { needsWork = true; break }
        guard needsWork else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            guard isUnsafe(scalar) else { out.append(scalar); continue }
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

    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) { return true }
        // Bidi embeddings, overrides and isolates reorder what follows them on screen.
        if (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) { return true }
        if v < 0x7F { return false }
        return of(scalar) < 0 && !(0x200B...0x200F).contains(v) && v != 0xFE0F && v != 0xFE0E
    }

    private static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    /// Cuts `text` to at most `width` columns, ending with `…` when something was cut.
    public static func truncate(_ text: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        if of(text) <= width { return text }
        var out = String.UnicodeScalarView()
        var used = 0
        for scalar in text.unicodeScalars {
            let w = max(0, of(scalar))
            if used + w > width - 1 { break }
            out.append(scalar)
            used += w
        }
        return String(out) + "…"
    }

    /// Pads with spaces (or truncates) to exactly `width` columns.
    public static func fit(_ text: String, to width: Int) -> String {
        let cut = truncate(text, to: width)
        return cut + String(repeating: " ", count: max(0, width - of(cut)))
    }
}
