/// How many colours a terminal shows (from its terminfo), or none under `NO_COLOR`.
public enum ColorDepth: Sendable, CaseIterable {
    case none, eight, palette256, direct
}

/// A role as a terminal of some depth draws it: colour numbers (-1 is the terminal's own
/// default) and attributes. What `Terminal` installs as colour pairs; pure, so every theme can
/// be checked at every depth without a terminal.
public struct TerminalStyle: Equatable, Sendable {
    public var fg: Int32
    public var bg: Int32
    public var bold: Bool
    public var dim: Bool
    public var underline: Bool
    public var reverse: Bool
    public var italic: Bool

    public init(fg: Int32 = -1, bg: Int32 = -1, bold: Bool = false, dim: Bool = false, underline: Bool = false,
                reverse: Bool = false, italic: Bool = false) {
        self.fg = fg; self.bg = bg; self.bold = bold; self.dim = dim
        self.underline = underline; self.reverse = reverse; self.italic = italic
    }

    /// Black text on the terminal's own background (or the terminal's text on black): invisible
    /// on one of the two kinds of terminal, or the same colour on both sides.
    public var isUnreadable: Bool {
        (fg == Self.black && bg == -1) || (fg == -1 && bg == Self.black) || (fg >= 0 && fg == bg)
    }

    static let black: Int32 = 0
    static let white: Int32 = 7
}

extension Theme {
    /// Every role as a terminal of `depth` colours draws it. Colours a theme asks for are
    /// mapped to the nearest the terminal has; on 8 colours, where "bright black" would be black,
    /// dim roles become white drawn dim, and any role left unreadable (black on the default
    /// background, or text the colour of its background) gets a colour it can be read in. Roles
    /// that must stand out (cursor, highlight, bars) but look like plain text at this depth get
    /// attributes instead (`emphasized`).
    public func resolved(for depth: ColorDepth) -> [Role: TerminalStyle] {
        let source = depth == .none ? withoutColor() : self
        var styles: [Role: TerminalStyle] = [:]
        for role in Role.allCases {
            let style = source.style(role)
            var resolved = TerminalStyle(bold: style.bold, dim: style.dim, underline: style.underline,
                                         reverse: style.reverse, italic: style.italic)
            if depth != .none {
                resolved.fg = Self.number(style.fg, depth: depth, bold: &resolved.bold, dim: &resolved.dim)
                // A background has no bold or dim to fall back on.
                var bold = false, dim = false
                resolved.bg = Self.number(style.bg, depth: depth, bold: &bold, dim: &dim)
                if depth == .eight { Self.makeReadable(&resolved) }
            }
            styles[role] = resolved
        }
        let normal = styles[.normal] ?? TerminalStyle()
        // Attributes are added, never taken: a bold title bar still gets its reverse video.
        for role in Role.allCases {
            guard var style = styles[role], depth == .none || (style.fg == normal.fg && style.bg == normal.bg),
                  Self.emphasize(role, &style) else { continue }
            styles[role] = style
        }
        // Two cursors alike (two colours merged on 8): the inactive one is underlined plain text.
        if let normal = styles[.normal], styles[.cursorInactive] == styles[.cursor] {
            styles[.cursorInactive] = TerminalStyle(fg: normal.fg, bg: normal.bg, underline: true)
        }
        return styles
    }

    /// A theme colour as a colour number of `depth`. Eight colours have no bright variants:
    /// bright black (the dim grey of dark themes) becomes white drawn dim, and the other bright
    /// colours their base colour in bold, as 8-colour terminals show bright text.
    static func number(_ color: ThemeColor, depth: ColorDepth, bold: inout Bool, dim: inout Bool) -> Int32 {
        switch (color, depth) {
        case (.terminalDefault, _), (_, .none): return -1
        case (.ansi(8), .eight):
            dim = true
            return TerminalStyle.white
        case (.ansi(let n), .eight):
            if n > 8 { bold = true }
            return Int32(n % 8)
        case (.ansi(let n), _): return Int32(n)
        case (.indexed(let n), .eight) where n < 16:
            return number(.ansi(n), depth: depth, bold: &bold, dim: &dim)
        case (.indexed(let n), .eight): return Int32(Palette.nearestANSI(toIndexed: n))
        case (.indexed(let n), _): return Int32(n)
        case (.rgb(let r, let g, let b), .direct): return Int32(r) << 16 | Int32(g) << 8 | Int32(b)
        case (.rgb(let r, let g, let b), .palette256): return Int32(Palette.nearestIndexed(r, g, b))
        case (.rgb(let r, let g, let b), .eight): return Int32(Palette.nearestANSI(r, g, b))
        }
    }

    /// On 8 colours two theme colours can land on one (a grey on white is white): text that
    /// would vanish is drawn in the terminal's own colour (on its background) or the colour
    /// that stands out on its background, dim, so it still reads as secondary.
    static func makeReadable(_ style: inout TerminalStyle) {
        guard style.isUnreadable else { return }
        if style.bg == -1 || style.fg == -1 {
            style.fg = -1
            style.bg = -1
        } else {
            let darkBackgrounds: Set<Int32> = [0, 1, 4, 5]
            style.fg = darkBackgrounds.contains(style.bg) ? TerminalStyle.white : TerminalStyle.black
        }
        style.dim = true
    }

    /// Roles that must stand out from plain text, and the attributes that make them when
    /// colour does not (no colours, `NO_COLOR`, or two colours merged on 8); false for the others.
    static func emphasize(_ role: Role, _ style: inout TerminalStyle) -> Bool {
        switch role {
        case .title, .cursor, .status, .progress, .online: style.reverse = true
        case .tabActive, .busy, .offline: style.reverse = true; style.bold = true
        case .cursorInactive: style.underline = true
        case .highlight: style.bold = true; style.underline = true
        case .marked, .header, .key, .helpKey, .prompt, .error: style.bold = true
        case .dim, .punctuation, .separator: style.dim = true
        default: return false
        }
        return true
    }
}
