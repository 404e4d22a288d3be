import BrowserDriver
import HyperClient
import HyperStore
import Testing
import VisionCore
import VisionRuntime

/// What holds across panes: themes, switching app and domain, help, quitting (formerly the
/// last steps of scripts/tui-e2e.sh).
@Suite("browser: the app", .serialized) @MainActor
struct AppTests {
    @Test func aThemeSwitchesLive() async throws {
        try await BrowserFixture.withBrowser { _, app in
            try await app.press(":").type("theme light").press(.enter).waitIdle()
            #expect(app.screen.contains("theme light") && app.state.theme == "light")
            #expect(app.terminal.theme?.name == "light")
            try await app.press(":").type("theme nosuch").press(.enter).waitIdle()
            #expect(app.state.message?.isError == true && app.state.theme == "light")
        }
    }

    /// `:connect NAME` opens a saved connection (here one marked read_only): a new title, and
    /// every write refused with the reason.
    @Test func connectingToAReadOnlySavedConnectionRefusesWrites() async throws {
        try await BrowserFixture.with { nano in
            let resolve = { (name: String) throws -> ResolvedConnection in
                try nano.resolved(readOnlyReason: "read_only = true on saved connection \(name)", savedName: name)
            }
            let app = try await nano.open(resolve: resolve)
            try await app.press("5").waitIdle()
            try await app.press(":").type("connect again").press(.enter).waitIdle()
            #expect(app.screen.contains("again http://127.0.0.1:\(nano.port)/test") && app.screen.contains("[read-only]"))
            app.press("R")
            #expect(app.screen.contains("read-only connection (read_only = true on saved connection again): retry is disabled"),
                    "\(app.screen)")
        }
    }

    @Test func aDomainSwitchShowsTheServersAnswer() async throws {
        try await BrowserFixture.withBrowser { nano, app in
            try await app.press(":").type("domain nothere").press(.enter).waitIdle()
            #expect(app.screen.contains("domain nothere") && app.screen.contains("127.0.0.1:\(nano.port)/nothere"))
            #expect(app.screen.contains("404"), "\(app.screen)")
            try await app.press(":").type("domain test").press(.enter).waitIdle()
            #expect(!app.state.data.docs.isEmpty)
        }
    }

    @Test func helpListsThePanesCommandsAndQuitCancelsWhatRuns() async throws {
        try await BrowserFixture.withBrowser { _, app in
            try await app.press("5").waitIdle()
            app.press("?")
            #expect(app.screen.contains("Retry job(s)"))
            app.press(.esc)
            #expect(!app.screen.contains("Retry job(s)"))
            app.press("r").quit()
            #expect(app.state.quitting && app.state.running.isEmpty)
        }
    }

    /// Two browsers sharing one journal and page cache write at once (bulk deletes, then their
    /// undo): no "database is locked", every write journaled.
    @Test func twoBrowsersWritingAtOnceNeverSeeALockedDatabase() async throws {
        try await BrowserFixture.with(seed: 200) { nano in
            let one = try await nano.open(), two = try await nano.open()
            for _ in 0..<20 { one.press(" ") }
            try await two.press("G").waitIdle()
            for _ in 0..<20 { two.press(.char(" "), .up, .up) }
            one.press("d")
            two.press("d")
            one.press("y")
            two.press("y")
            try await one.waitIdle()
            try await two.waitIdle()
            for app in [one, two] {
                #expect(app.screen.contains("done: 20 writes (delete data "), "\(app.screen)")
                #expect(!(app.state.message?.text.contains("locked") ?? false))
            }
            let entries = try Journal(path: nano.paths.store.journalFile).list()
            #expect(entries.count == 40 && entries.allSatisfy { $0.outcome == .ok })
        }
    }
}
