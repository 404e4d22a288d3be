#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import HyperJSON
import Synchronization

/// Pages a CLI command read from the server, waiting to go into the page cache: one small file
/// each, in a folder beside the cache file.
///
/// A CLI read that stored its page in the SQLite cache itself spent longer on that than on the
/// request (opening the file, its WAL and shared memory, a write, a checkpoint at close: 1.5 ms
/// of a 12 ms `data get`, and 1.4 MiB of its memory), and waited whenever a browser was writing
/// the cache. It leaves the page here instead (one file written and renamed, no sync: the cache
/// is disposable); the next process that opens the cache (a browser starting, an offline read,
/// the CLI once `drainThreshold` pages wait) moves them in, oldest first. A page fetched after
/// the one waiting is never replaced by it (`PageCache.store(fetchedAt:)`).
public struct PageInbox: Sendable {
    /// Pages waiting beyond which the CLI opens the cache and moves them in itself, so the folder
    /// stays small even when no browser ever runs.
    public static let drainThreshold = 64
    /// A temporary file older than this was left by a process that died while writing it.
    static let abandonedAfter: TimeInterval = 600
    static let pageSuffix = ".page"

    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// Leaves `answer`, the server's answer to `request` at `fetchedAt`, for the page cache.
    /// Returns how many pages wait now, this one included.
    @discardableResult
    public func post(app: AppKey, request: RequestKey, answer: JSON, fetchedAt: Date) throws(StoreError) -> Int {
        try SecureFiles.ensureDirectory(directory)
        let entry: JSON = ["app": .string(app.id), "request": request.json,
                           "fetchedAt": .number(JSONNumber(fetchedAt.timeIntervalSince1970)), "answer": answer]
        try SecureFiles.writeAtomically(entry.compact, to: directory + "/" + Self.name(fetchedAt), durable: false)
        return try waiting().count
    }

    /// Moves every waiting page into `cache`, oldest first. A page that cannot be read is
    /// dropped (the cache only ever holds copies); a page the cache refuses stays for the next
    /// opener, and that error is thrown. Returns the pages moved.
    @discardableResult
    public func drain(into cache: PageCache) throws(StoreError) -> Int {
        var moved = 0
        for name in try waiting() {
            let path = directory + "/" + name
            if let page = Self.read(path) {
                try cache.store(app: page.app, request: page.request, answer: page.answer, fetchedAt: page.fetchedAt)
                moved += 1
            }
            unlink(path)
        }
        return moved
    }

    /// Drops every waiting page (`cache-clear`); returns how many there were.
    @discardableResult
    public func clear() throws(StoreError) -> Int {
        let names = try waiting()
        for name in names { unlink(directory + "/" + name) }
        return names.count
    }

    /// The waiting pages' file names, oldest first; temporary files left by a process that died
    /// while writing are removed on the way. Read with readdir: FileManager's listing joined
    /// each path through unspecialized generic code (a third of a million instructions, 1.5% of
    /// a CLI read).
    func waiting() throws(StoreError) -> [String] {
        guard let listing = opendir(directory) else {
            if errno == ENOENT { return [] }
            throw StoreError.io(path: directory, reason: "cannot be listed")
        }
        defer { closedir(listing) }
        var names: [String] = []
        while let entry = readdir(listing) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: entry.pointee.d_name)) { String(cString: $0) }
            }
            if name.hasSuffix(Self.pageSuffix) {
                names.append(name)
            } else if name.contains(Self.pageSuffix + ".tmp-") {
                let path = directory + "/" + name
                var info = stat()
                if stat(path, &info) == 0 && Date().timeIntervalSince1970 - Double(info.st_mtim.tv_sec) > Self.abandonedAfter {
                    unlink(path)
                }
            }
        }
        return names.sorted()
    }

    /// A name that sorts by fetch time (nanoseconds, zero-padded), unique between processes
    /// (pid) and within one (a counter).
    private static func name(_ fetchedAt: Date) -> String {
        let nanoseconds = UInt64(max(0, fetchedAt.timeIntervalSince1970 * 1e9))
        let digits = String(nanoseconds)
        let padded = String(repeating: "0", count: max(0, 20 - digits.count)) + digits
        return "\(padded)-\(getpid())-\(names.next())\(pageSuffix)"
    }

    private static let names = NameCounter()

    private static func read(_ path: String) -> (app: AppKey, request: RequestKey, answer: JSON, fetchedAt: Date)? {
        guard let data = FileManager.default.contents(atPath: path),
              let entry = try? JSON.parse(String(decoding: data, as: UTF8.self)),
              case .string(let appID)? = entry["app"], let app = AppKey(id: appID),
              let requestJSON = entry["request"], let request = RequestKey(json: requestJSON),
              case .number(let number)? = entry["fetchedAt"], let time = number.double,
              let answer = entry["answer"] else { return nil }
        return (app, request, answer, Date(timeIntervalSince1970: time))
    }
}

/// A process-wide counter for `PageInbox` file names.
private final class NameCounter: Sendable {
    private let value = Mutex(0)
    func next() -> Int { value.withLock { $0 += 1; return $0 } }
}
