import Foundation
import HyperStore

/// The browser's files, under the folders `hyper-vision paths` prints (AppPaths).
enum BrowsePaths {
    static var userThemes: String { AppPaths.current.config + "/themes" }

    /// Where stderr goes while the screen is up (a library's warning would garble it otherwise).
    static var logFile: String? {
        let folder = AppPaths.current.state
        guard (try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)) != nil else { return nil }
        return folder + "/browser.log"
    }
}
