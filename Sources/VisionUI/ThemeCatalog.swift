import Foundation

/// Finds theme files: the user's (config folder) first, then the installed ones
/// (`<prefix>/share/hyper-vision/themes`, beside the binary) and the source tree's `themes/`
/// (for builds run from a checkout).
public struct ThemeCatalog: Sendable {
    public let folders: [String]

    public init(userFolder: String?, executablePath: String = "/proc/self/exe") {
        var folders: [String] = []
        if let userFolder { folders.append(userFolder) }
        let binary = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
        folders.append(binary.deletingLastPathComponent().appendingPathComponent("share/hyper-vision/themes").path)
        folders.append(Self.sourceThemes)
        self.folders = folders
    }

    /// `themes/` of the checkout this was built from.
    static let sourceThemes: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("themes").path

    public var names: [String] {
        var names: [String] = []
        for folder in folders {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            for file in files.sorted() where file.hasSuffix(".toml") {
                let name = String(file.dropLast(5))
                if !names.contains(name) { names.append(name) }
            }
        }
        return names
    }

    public func load(_ name: String) throws(Theme.LoadError) -> Theme {
        guard !name.contains("/") else { throw Theme.LoadError(description: "theme names have no '/'") }
        for folder in folders {
            let path = folder + "/" + name + ".toml"
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
            return try Theme.parse(text, name: name)
        }
        throw Theme.LoadError(description: "no theme '\(name)' (have: \(names.joined(separator: ", ")))")
    }
}
