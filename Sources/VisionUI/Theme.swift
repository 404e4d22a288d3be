import TOMLKit

/// A colour as a theme file writes it: `default` (the terminal's own), a name (`red`,
/// `bright-blue`), a 256-colour index (`208`) or `#rrggbb`. The terminal maps it to what it can show.
public enum ThemeColor: Equatable, Sendable, Hashable {
    case terminalDefault
    /// 0-15: the eight ANSI colours and their bright variants.
    case ansi(Int)
    case indexed(Int)
    case rgb(UInt8, UInt8, UInt8)

    static let names = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    public init?(_ text: String) {
        let lower = text.lowercased()
        if lower == "default" || lower.isEmpty { self = .terminalDefault; return }
        if let index = Self.names.firstIndex(of: lower) { self = .ansi(index); return }
        if lower.hasPrefix("bright-"), let index = Self.names.firstIndex(of: String(lower.dropFirst(7))) {
            self = .ansi(index + 8); return
        }
        if let index = Int(lower), (0...255).contains(index) { self = .indexed(index); return }
        if lower.hasPrefix("#"), lower.count == 7, let value = UInt32(lower.dropFirst(), radix: 16) {
            self = .rgb(UInt8(value >> 16), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)); return
        }
        return nil
    }
}

/// How one role looks.
public struct RoleStyle: Equatable, Sendable, Hashable {
    public var fg: ThemeColor = .terminalDefault
    public var bg: ThemeColor = .terminalDefault
    public var bold = false
    public var dim = false
    public var underline = false
    public var reverse = false
    public var italic = false
    public init() {}
}

/// A named set of role styles, read from a TOML file:
///
///     name = "default"
///     [roles]
///     title = { fg = "black", bg = "cyan", bold = true }
///
/// Roles a file leaves out look like `normal`.
public struct Theme: Equatable, Sendable {
    public let name: String
    public private(set) var styles: [Role: RoleStyle]

    public init(name: String, styles: [Role: RoleStyle]) {
        self.name = name
        self.styles = styles
    }

    public func style(_ role: Role) -> RoleStyle { styles[role] ?? styles[.normal] ?? RoleStyle() }

    public struct LoadError: Error, Equatable, Sendable, CustomStringConvertible {
        public let description: String
    }

    private struct File: Decodable {
        struct Entry: Decodable {
            var fg: String?, bg: String?
            var bold: Bool?, dim: Bool?, underline: Bool?, reverse: Bool?, italic: Bool?
        }
        var name: String?
        var roles: [String: Entry]
    }

    public static func parse(_ toml: String, name: String) throws(LoadError) -> Theme {
        let file: File
        do { file = try TOMLDecoder().decode(File.self, from: toml) } catch {
            throw LoadError(description: "theme \(name): \(error)")
        }
        var styles: [Role: RoleStyle] = [:]
        for (roleName, entry) in file.roles {
            guard let role = Role(rawValue: roleName) else {
                throw LoadError(description: "theme \(name): unknown role '\(roleName)'")
            }
            var style = RoleStyle()
            for (text, keyPath) in [(entry.fg, \RoleStyle.fg), (entry.bg, \RoleStyle.bg)] {
                guard let text else { continue }
                guard let color = ThemeColor(text) else {
                    throw LoadError(description: "theme \(name): '\(text)' is not a colour (name, 0-255 or #rrggbb)")
                }
                style[keyPath: keyPath] = color
            }
            style.bold = entry.bold ?? false
            style.dim = entry.dim ?? false
            style.underline = entry.underline ?? false
            style.reverse = entry.reverse ?? false
            style.italic = entry.italic ?? false
            styles[role] = style
        }
        return Theme(name: file.name ?? name, styles: styles)
    }

    /// Used only when no theme file can be found (a binary copied without its share folder):
    /// attributes that keep the cursor and bars visible, so the browser still starts.
    public static let fallback: Theme = {
        var styles: [Role: RoleStyle] = [:]
        for role in [Role.title, .tabActive, .cursor, .status, .online, .offline, .progress] {
            styles[role, default: RoleStyle()].reverse = true
        }
        for role in [Role.header, .key, .helpKey, .error, .prompt, .marked] { styles[role, default: RoleStyle()].bold = true }
        for role in [Role.dim, .punctuation, .null, .date, .separator] { styles[role, default: RoleStyle()].dim = true }
        styles[.cursorInactive, default: RoleStyle()].underline = true
        styles[.highlight, default: RoleStyle()].underline = true
        return Theme(name: "fallback", styles: styles)
    }()

    /// `NO_COLOR`: keeps bold, underline and reverse, drops every colour. What colour told
    /// apart (the cursor, a search match, the bars) is told apart by attributes instead when the
    /// terminal resolves it (`resolved(for:)`).
    public func withoutColor() -> Theme {
        var copy = self
        for (role, var style) in styles {
            style.fg = .terminalDefault
            style.bg = .terminalDefault
            copy.styles[role] = style
        }
        return copy
    }
}
