import Foundation
import HyperClient
import VisionCore
import VisionTerminal
import VisionUI

/// Opens the browser on a connection and runs it until the user quits; the terminal is
/// restored on every way out (quit, error, signal).
enum BrowseSession {
    struct Settings {
        var theme: String?
        var readOnly = false
        var options = ClientOptions()
    }

    @MainActor
    static func run(_ resolved: ResolvedConnection, settings: Settings, resolve: @escaping (String) throws -> ResolvedConnection) throws {
        let catalog = ThemeCatalog(userFolder: Paths.userThemes)
        let themeName = settings.theme ?? "default"
        let theme: Theme
        do { theme = try catalog.load(themeName) } catch {
            throw ValidationMessage(text: error.description)
        }
        var info = resolved.info
        info.readOnly = info.readOnly || settings.readOnly
        let terminal = try Terminal(stderrLog: Paths.logFile)
        defer { terminal.end() }
        let size = terminal.size
        let state = AppState(connection: info, width: size.width, height: size.height, now: AppLoop.now,
                             theme: themeName, themeNames: catalog.names, savedConnections: Paths.savedConnectionNames())
        let worker = BrowseWorker(connection: resolved.connection, options: settings.options, resolve: resolve)
        let loop = AppLoop(state: state, terminal: terminal, catalog: catalog, theme: theme, performer: worker)
        loop.run()
    }

    /// A connection string as the browser shows it: the secret never appears.
    static func resolved(_ connection: Connection, readOnly: Bool = false) -> ResolvedConnection {
        ResolvedConnection(connection: connection,
                           info: ConnectionInfo(label: connection.redacted, domain: connection.domain, readOnly: readOnly))
    }
}

struct ValidationMessage: Error, CustomStringConvertible {
    let text: String
    var description: String { text }
}
