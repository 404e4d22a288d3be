import Foundation

/// The browser's files (XDG): user themes in the config folder, the stderr log in the state folder.
enum Paths {
    static var environment: [String: String] { ProcessInfo.processInfo.environment }

    static func xdg(_ variable: String, _ fallback: String) -> String {
        if let value = environment[variable], value.hasPrefix("/") { return value + "/hyper-vision" }
        return NSHomeDirectory() + "/" + fallback + "/hyper-vision"
    }

    static var userThemes: String { xdg("XDG_CONFIG_HOME", ".config") + "/themes" }

    /// Where stderr goes while the screen is up (a library's warning would garble it otherwise).
    static var logFile: String? {
        let folder = xdg("XDG_STATE_HOME", ".local/state")
        guard (try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)) != nil else { return nil }
        return folder + "/browser.log"
    }

    static func savedConnectionNames() -> [String] { [] }
}
