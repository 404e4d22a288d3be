import ArgumentParser
import Foundation
import HyperClient
import HyperSession
import HyperStore
import VisionCore
import VisionRuntime
import VisionTerminal
import VisionUI

/// Opens the browser on a connection and runs it until the user quits; the terminal is
/// restored on every way out (quit, error, signal).
enum BrowseSession {
    /// `theme`: `--theme`; `offline`: `--offline`; `greeting`: said first on start (the demo's
    /// address); `resolve` serves `:connect`.
    @MainActor
    static func run(_ resolved: ResolvedConnection, theme requestedTheme: String?, offline: Bool = false, greeting: String? = nil,
                    started: Double = Trace.clock, resolve: @escaping (String) throws -> ResolvedConnection) throws {
        let catalog = ThemeCatalog(userFolder: BrowsePaths.userThemes)
        // --theme, else the saved connection's, else config.toml's, else the default.
        let themeName = requestedTheme ?? resolved.theme ?? (try? AppConfig.load(paths: .current))?.theme ?? "default"
        let theme: Theme
        do { theme = try catalog.load(themeName) } catch {
            // A theme the user named must exist; a missing installation must not stop the browser.
            guard requestedTheme == nil, catalog.names.isEmpty else { throw ValidationError(error.description) }
            theme = Theme.fallback
        }
        let worker = SessionWorker(resolved, store: LocalStore(locations: AppPaths.current.store), offline: offline, resolve: resolve)
        let terminal = try Terminal(stderrLog: BrowsePaths.logFile)
        defer { terminal.end() }
        let size = terminal.size
        let state = AppState(connection: resolved.info, width: size.width, height: size.height, now: AppLoop.now,
                             theme: themeName, themeNames: catalog.names, savedConnections: SavedConnectionNames.all())
        let loop = AppLoop(state: state, terminal: terminal, catalog: catalog, theme: theme, performer: worker,
                           started: started)
        worker.started(mailbox: loop.mailbox, greeting: greeting)
        loop.run()
    }
}
