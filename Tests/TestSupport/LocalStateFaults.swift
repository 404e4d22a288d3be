import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The parts of local state, where they live under the XDG cache and state folders of a test.
public enum LocalStatePart: String, CaseIterable, Sendable, CustomStringConvertible {
    case pageCache, journal, drafts

    public var description: String { rawValue }

    /// The file (or folder, for drafts) that holds this part.
    public func path(cacheHome: String, stateHome: String) -> String {
        switch self {
        case .pageCache: cacheHome + "/hyper-vision/cache.sqlite"
        case .journal: stateHome + "/hyper-vision/journal.sqlite"
        case .drafts: stateHome + "/hyper-vision/drafts"
        }
    }
}

/// Ways local state breaks in the wild: each is applied to files a first run left behind.
public enum LocalStateFault: String, CaseIterable, Sendable, CustomStringConvertible {
    case corruptFile, truncatedFile, readOnlyFile, readOnlyFolder, missingFolder, folderInPlaceOfFile

    public var description: String { rawValue }

    /// Read-only files and folders mean nothing to root (it writes them anyway): such a fault
    /// is only real for a process without root's powers.
    public var needsUnprivilegedProcess: Bool { self == .readOnlyFile || self == .readOnlyFolder }

    public static var runningAsRoot: Bool { getuid() == 0 }

    /// Breaks `part` (whose files exist: a first run made them). For drafts, whose "files" are
    /// the draft pairs, a damaged draft is left in the folder next to a sound one.
    public func apply(to part: LocalStatePart, cacheHome: String, stateHome: String) throws {
        let path = part.path(cacheHome: cacheHome, stateHome: stateHome)
        let folder = (path as NSString).deletingLastPathComponent
        let files = FileManager.default
        switch (self, part) {
        case (.corruptFile, .drafts):
            try Self.write("{\"version\": 1, \"app\": ", to: path + "/20260101-000000-data-broken-1.meta.json")
            try Self.write("{\"_id\": \"broken\", \"kept\": \"typed by hand\"}\n", to: path + "/20260101-000000-data-broken-1.json")
        case (.corruptFile, _):
            try Self.removeCompanions(of: path)
            try Self.write(String(repeating: "this is not an SQLite database\n", count: 300), to: path)
        case (.truncatedFile, .drafts):
            try Self.write("{\"_id\": \"half\", \"kept\": \"typed by hand\"}\n", to: path + "/20260101-000001-data-half-2.json")
            try Self.write("{\"version\": 1, \"app\": \"127.0.0.1:1/-/test\", \"serv", to: path + "/20260101-000001-data-half-2.meta.json")
        case (.truncatedFile, _):
            try Self.removeCompanions(of: path)
            guard truncate(path, 1500) == 0 else { throw Self.failure("truncate", path) }
        case (.readOnlyFile, .drafts):
            let draft = path + "/20260101-000002-data-ro-3.json"
            try Self.write("{\"_id\": \"ro\"}\n", to: draft)
            guard chmod(draft, 0o400) == 0 else { throw Self.failure("chmod", draft) }
        case (.readOnlyFile, _):
            try Self.removeCompanions(of: path)
            guard chmod(path, 0o400) == 0 else { throw Self.failure("chmod", path) }
        case (.readOnlyFolder, .drafts):
            guard chmod(path, 0o500) == 0 else { throw Self.failure("chmod", path) }
        case (.readOnlyFolder, _):
            try Self.removeCompanions(of: path)
            guard chmod(folder, 0o500) == 0 else { throw Self.failure("chmod", folder) }
        case (.missingFolder, .drafts):
            try files.removeItem(atPath: path)
        case (.missingFolder, _):
            try files.removeItem(atPath: folder)
        case (.folderInPlaceOfFile, .drafts):
            // The drafts folder's place is taken by a file.
            try files.removeItem(atPath: path)
            try Self.write("not a folder\n", to: path)
        case (.folderInPlaceOfFile, _):
            try Self.removeCompanions(of: path)
            try files.removeItem(atPath: path)
            try files.createDirectory(atPath: path, withIntermediateDirectories: false)
        }
    }

    /// Gives every file below `root` to user `uid` (a test that runs the tool unprivileged).
    public static func chown(_ root: String, to uid: uid_t) throws {
        let paths = [root] + (FileManager.default.subpaths(atPath: root) ?? []).map { root + "/" + $0 }
        for path in paths where lchown(path, uid, gid_t(uid)) != 0 {
            throw failure("chown", path)
        }
    }

    /// Undoes the permission faults so the test's folder can be removed.
    public static func restorePermissions(below root: String) {
        let paths = [root] + (FileManager.default.subpaths(atPath: root) ?? []).map { root + "/" + $0 }
        for path in paths {
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            _ = Glibc.chmod(path, (info.st_mode & S_IFMT) == S_IFDIR ? 0o700 : 0o600)
        }
    }

    private static func removeCompanions(of path: String) throws {
        for companion in [path + "-wal", path + "-shm"] where FileManager.default.fileExists(atPath: companion) {
            try FileManager.default.removeItem(atPath: companion)
        }
    }

    private static func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    private static func failure(_ what: String, _ path: String) -> NSError {
        NSError(domain: "LocalStateFault", code: Int(errno),
                userInfo: [NSLocalizedDescriptionKey: "\(what) \(path): \(String(cString: strerror(errno)))"])
    }
}
