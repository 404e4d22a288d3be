import Testing
@testable import VisionUI

@Suite struct ThemeTests {
    @Test func everyShippedThemeLoadsAndStylesEveryRole() throws {
        let catalog = ThemeCatalog(userFolder: nil, executablePath: "/nonexistent/bin/hyper-vision")
        #expect(Set(catalog.names).isSuperset(of: ["default", "light", "solarized", "high-contrast", "mono"]))
        for name in catalog.names {
            let theme = try catalog.load(name)
            for role in Role.allCases { #expect(theme.styles[role] != nil, "\(name) lacks \(role)") }
        }
    }

    @Test func monoHasNoColourAndNoColorStripsColour() throws {
        let catalog = ThemeCatalog(userFolder: nil, executablePath: "/nonexistent/bin/hyper-vision")
        let mono = try catalog.load("mono")
        #expect(mono.styles.values.allSatisfy { $0.fg == .terminalDefault && $0.bg == .terminalDefault })
        let stripped = try catalog.load("default").withoutColor()
        #expect(stripped.styles.values.allSatisfy { $0.fg == .terminalDefault && $0.bg == .terminalDefault })
        #expect(stripped.resolved(for: .palette256)[.cursor]?.reverse == true)
    }

    static let catalog = ThemeCatalog(userFolder: nil, executablePath: "/nonexistent/bin/hyper-vision")

    /// Every shipped theme, and each without colour (`NO_COLOR`), as every depth draws it.
    static func resolutions() throws -> [(label: String, styles: [Role: TerminalStyle])] {
        var all: [(String, [Role: TerminalStyle])] = []
        for name in catalog.names {
            let theme = try catalog.load(name)
            for depth in ColorDepth.allCases {
                all.append(("\(name) at \(depth)", theme.resolved(for: depth)))
                all.append(("\(name) NO_COLOR at \(depth)", theme.withoutColor().resolved(for: depth)))
            }
        }
        return all
    }

    /// On 8 colours bright black is black: dim text, separators, JSON punctuation and the help
    /// border vanished on dark backgrounds. No role of any theme, at any depth, is black on the
    /// terminal's own background, or drawn in the colour of its background.
    @Test func noRoleOfAnyThemeAtAnyDepthIsUnreadable() throws {
        for (label, styles) in try Self.resolutions() {
            for role in Role.allCases {
                let style = try #require(styles[role])
                #expect(!style.isUnreadable, "\(label): \(role) is \(style)")
            }
        }
    }

    @Test func eightColoursDrawDimRolesWhiteAndDim() throws {
        let styles = try Self.catalog.load("default").resolved(for: .eight)
        for role in [Role.dim, .separator, .punctuation, .null] {
            #expect(styles[role]?.fg == 7 && styles[role]?.dim == true, "\(role): \(String(describing: styles[role]))")
        }
        // Other bright colours are their base colour in bold, as 8-colour terminals show them.
        #expect(styles[.error]?.fg == 1 && styles[.error]?.bold == true)
        // 256 colours keep bright black as it is.
        #expect(try Self.catalog.load("default").resolved(for: .palette256)[.dim]?.fg == 8)
        // The light theme's grey on white lands on white: drawn black, dim, instead.
        let light = try Self.catalog.load("light").resolved(for: .eight)
        #expect(light[.dim]?.fg == 0 && light[.dim]?.bg == 7 && light[.dim]?.dim == true)
    }

    /// Without colour (NO_COLOR, a mono terminal, or colours merged on 8) the cursor, the
    /// inactive cursor, search matches and the bars still differ from plain text.
    @Test func rolesThatMustStandOutDoSoAtEveryDepth() throws {
        let mustStandOut: [Role] = [.cursor, .cursorInactive, .highlight, .title, .tabActive, .status, .marked, .error, .online, .offline]
        for (label, styles) in try Self.resolutions() {
            let normal = try #require(styles[.normal])
            for role in mustStandOut {
                let style = try #require(styles[role])
                #expect(style != normal, "\(label): \(role) looks like plain text")
            }
            #expect(styles[.cursorInactive] != styles[.cursor], "\(label): the inactive cursor looks like the active one")
        }
        let plain = try Self.catalog.load("default").withoutColor().resolved(for: .none)
        #expect(plain[.highlight]?.bold == true && plain[.highlight]?.underline == true)
        #expect(plain[.cursorInactive]?.underline == true)
        // The bars keep their reverse video even where the theme makes them bold too.
        for role in [Role.title, .tabActive, .status, .cursor] { #expect(plain[role]?.reverse == true, "\(role)") }
    }

    @Test func fallbackKeepsTheCursorVisibleWithoutColour() {
        #expect(Theme.fallback.style(.cursor).reverse)
        #expect(Theme.fallback.styles.values.allSatisfy { $0.fg == .terminalDefault && $0.bg == .terminalDefault })
    }

    @Test func colourSpellings() {
        #expect(ThemeColor("default") == .terminalDefault)
        #expect(ThemeColor("cyan") == .ansi(6))
        #expect(ThemeColor("bright-black") == .ansi(8))
        #expect(ThemeColor("208") == .indexed(208))
        #expect(ThemeColor("#002b36") == .rgb(0, 0x2b, 0x36))
        #expect(ThemeColor("purple-ish") == nil)
    }

    @Test func badThemeFilesAreExplained() {
        #expect(throws: Theme.LoadError.self) { try Theme.parse("[roles]\nbogus = {}", name: "x") }
        #expect(throws: Theme.LoadError.self) { try Theme.parse("[roles]\nnormal = { fg = \"nope\" }", name: "x") }
        #expect(throws: Theme.LoadError.self) { try ThemeCatalog(userFolder: nil).load("../etc/passwd") }
    }
}
