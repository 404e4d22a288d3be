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
        #expect(stripped.style(.cursor).reverse)
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
