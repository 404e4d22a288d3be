#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Creates the folders and files of local state with owner-only permissions.
///
/// Files are created (or tightened) with 0600 before SQLite or anyone else opens them, so no
/// window exists where another user could read them; folders we create get 0700.
enum SecureFiles {
    static let fileMode: mode_t = 0o600
    static let directoryMode: mode_t = 0o700

    /// Creates `path` and missing parents with 0700; an existing folder is left as it is unless
    /// `tighten` is set (for folders that are ours alone, such as the drafts folder).
    static func ensureDirectory(_ path: String, tighten: Bool = false) throws(StoreError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw StoreError.io(path: path, reason: "is not a folder") }
        } else {
            let parent = (path as NSString).deletingLastPathComponent
            if !parent.isEmpty && parent != path { try ensureDirectory(parent) }
            if mkdir(path, directoryMode) != 0 && errno != EEXIST {
                throw StoreError.io(path: path, reason: String(cString: strerror(errno)))
            }
        }
        if tighten && chmod(path, directoryMode) != 0 {
            throw StoreError.io(path: path, reason: String(cString: strerror(errno)))
        }
    }

    /// Creates `path` empty with 0600 if missing; forces 0600 if it exists with other bits.
    static func ensureFile(_ path: String) throws(StoreError) {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, fileMode)
        guard fd >= 0 else { throw StoreError.io(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        if fchmod(fd, fileMode) != 0 {
            throw StoreError.io(path: path, reason: String(cString: strerror(errno)))
        }
    }

    /// SQLite creates `-wal` and `-shm` with the database file's mode; this re-checks them anyway
    /// (a file left by an older version or another tool might be wider) and tightens them.
    static func tightenSQLiteCompanions(of path: String) throws(StoreError) {
        for suffix in ["-wal", "-shm", "-journal"] {
            let companion = path + suffix
            var info = stat()
            guard stat(companion, &info) == 0 else { continue }
            if info.st_mode & 0o077 != 0 && chmod(companion, fileMode) != 0 {
                throw StoreError.io(path: companion, reason: String(cString: strerror(errno)))
            }
        }
    }

    /// Writes `bytes` to `path` atomically (temp file 0600 + rename), so a crash of the program
    /// leaves either the old or the new content, never a torn file. `durable` syncs the temp
    /// file first, so a power loss does too; disposable files (the `PageInbox`) skip that wait.
    static func writeAtomically(_ text: String, to path: String, durable: Bool = true) throws(StoreError) {
        let temp = path + ".tmp-\(getpid())"
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, fileMode)
        guard fd >= 0 else { throw StoreError.io(path: temp, reason: String(cString: strerror(errno))) }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                close(fd); unlink(temp)
                throw StoreError.io(path: temp, reason: reason)
            }
            written += n
        }
        fchmod(fd, fileMode)
        if durable { fsync(fd) }
        close(fd)
        if rename(temp, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temp)
            throw StoreError.io(path: path, reason: reason)
        }
    }

    static func mode(of path: String) -> mode_t? {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_mode & 0o777 : nil
    }
}
