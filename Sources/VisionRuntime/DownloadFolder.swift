import Foundation

/// Where the browser saves downloads unless told otherwise: the user's downloads folder, as
/// xdg-user-dirs names it, never the folder the browser happened to be started in.
public enum DownloadFolder {
    /// `$XDG_DOWNLOAD_DIR`, else the one `user-dirs.dirs` names, else `~/Downloads`, each only if
    /// it is a folder; else `$HOME`.
    public static func resolve(_ environment: [String: String]) -> String {
        let home = environment["HOME"] ?? NSHomeDirectory()
        let configured = environment["XDG_DOWNLOAD_DIR"] ?? userDirsEntry(environment, home: home)
        for candidate in [configured, home + "/Downloads"].compactMap({ $0 }) where isFolder(candidate) {
            return trimmed(candidate)
        }
        return trimmed(home)
    }

    /// `XDG_DOWNLOAD_DIR="$HOME/Downloads"` in `$XDG_CONFIG_HOME/user-dirs.dirs`, the file
    /// xdg-user-dirs writes (a shell fragment where only `$HOME` is expanded).
    static func userDirsEntry(_ environment: [String: String], home: String) -> String? {
        let config = environment["XDG_CONFIG_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? home + "/.config"
        guard let text = try? String(contentsOfFile: config + "/user-dirs.dirs", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("XDG_DOWNLOAD_DIR=") {
            var value = line.dropFirst("XDG_DOWNLOAD_DIR=".count).trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            if value.hasPrefix("$HOME") { value = home + value.dropFirst("$HOME".count) }
            return value.hasPrefix("/") ? value : nil
        }
        return nil
    }

    /// `path` when nothing is there, else the first free `name (1).ext`, `name (2).ext`, ... (as web
    /// browsers name a second download): a download never replaces a file the user has. Nil when
    /// 999 such names are taken.
    public static func freePath(for path: String) -> String? {
        guard FileManager.default.fileExists(atPath: path) else { return path }
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let name = url.lastPathComponent
        let dot = name.lastIndex(of: ".").flatMap { $0 == name.startIndex ? nil : $0 } ?? name.endIndex
        let (stem, suffix) = (name[..<dot], name[dot...])
        for number in 1...999 {
            let candidate = (folder == "/" ? "" : folder) + "/\(stem) (\(number))\(suffix)"
            if !FileManager.default.fileExists(atPath: candidate) { return candidate }
        }
        return nil
    }

    static func isFolder(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return path.hasPrefix("/") && FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    static func trimmed(_ path: String) -> String {
        var path = path
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        return path
    }
}
