#if canImport(Glibc)
import Glibc
#endif
import Foundation
import HyperJSON

/// Servers started by this tool on this machine (the demo's nano) that have an identity of
/// their own, by the address they listen on while they run: `127.0.0.1:41234 -> nano-<id>`.
///
/// A port picked at random names no server for long: state keyed by it (drafts, journal) would
/// be orphaned by the next run. While such a server runs, every session on its address, in
/// this process or another shell, keys its local state by the server's identity instead
/// (`AppKey(host: identity, ...)`). One file per address under `servers/` in the state folder,
/// holding the identity and the pid of the process serving it; an entry whose process is gone
/// counts for nothing and is removed when seen.
public struct LocalServers: Sendable {
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// Says that `address` (`127.0.0.1:41234`) is served by `identity` for as long as process
    /// `pid` lives.
    public func register(address: String, identity: String, pid: Int32 = getpid()) throws(StoreError) {
        try SecureFiles.ensureDirectory(directory)
        let entry: JSON = ["identity": .string(identity), "pid": JSON(Int(pid))]
        try SecureFiles.writeAtomically(entry.compact + "\n", to: path(address))
    }

    public func unregister(address: String) {
        unlink(path(address))
    }

    /// The identity of the server running at `address`, if this tool started one there.
    public func identity(for address: String) -> String? {
        // Most servers are not ours: looked for first, as a failed read builds a Foundation
        // error (about 1% of a CLI read's instructions).
        let file = path(address)
        guard access(file, F_OK) == 0,
              let text = try? String(contentsOfFile: file, encoding: .utf8),
              let entry = try? JSON.parse(text), let identity = entry["identity"]?.stringValue,
              let pid = entry["pid"]?.doubleValue.map(Int32.init) else { return nil }
        guard Self.isAlive(pid) else {
            unregister(address: address)
            return nil
        }
        return identity
    }

    /// Whether a process with this id exists (signal 0 checks without sending anything).
    static func isAlive(_ pid: Int32) -> Bool {
        pid > 0 && (kill(pid, 0) == 0 || errno == EPERM)
    }

    /// One file name per address: `127.0.0.1:41234`, `[::1]:41234` made file-name safe (bytes
    /// other than ASCII letters, digits, `.` and `-` become `_`), in the standard library
    /// alone: Foundation's CharacterSet took a third of a million instructions of a CLI read.
    private func path(_ address: String) -> String {
        let safe = address.lowercased().utf8.map { byte -> UInt8 in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "."), UInt8(ascii: "-"): byte
            default: UInt8(ascii: "_")
            }
        }
        return directory + "/" + String(decoding: safe, as: UTF8.self)
    }
}
