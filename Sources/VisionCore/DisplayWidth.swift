import CDisplayWidth
import Glibc
import HyperJSON

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
    /// bidi overrides become visible escapes (`\x1b`, `\n`, `\u{202e}`) and never reach the
    /// terminal (`TerminalText`, shared with the CLI), nor does anything wcwidth cannot draw.
    public static func escaped(_ text: String) -> String {
        TerminalText.escaped(text, alsoEscaping: isUndrawable)
    }

    /// Printable-looking scalars the terminal cannot place (unassigned, private controls);
    /// zero-width joiners, marks and variation selectors are drawn.
    private static func isUndrawable(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return v > 0x7F && of(scalar) < 0 && !(0x200B...0x200F).contains(v) && v != 0xFE0F && v != 0xFE0E
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
