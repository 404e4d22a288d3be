import Foundation
import HyperJSON
import HyperModel
@testable import HyperStore

/// A fresh folder under the system temp folder, removed when the test drops it.
final class TempFolder: Sendable {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "hyperstore-tests-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { path + "/" + name }

    /// Every regular file below the folder.
    func allFiles() -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: path)!
        return enumerator.compactMap { $0 as? String }.map(file).filter {
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: $0, isDirectory: &isDirectory) && !isDirectory.boolValue
        }
    }
}

/// A clock tests move by hand, so ages and eviction order are exact.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current = Date(timeIntervalSince1970: 1_800_000_000)

    var now: @Sendable () -> Date { { self.lock.withLock { self.current } } }

    func advance(_ seconds: TimeInterval) { lock.withLock { current += seconds } }
}

func permissions(_ path: String) -> Int? {
    (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue
}

let testApp = try! AppKey(host: "localhost:6363", domain: "test")
let otherApp = try! AppKey(host: "localhost:6363", domain: "other")

/// A data list answer with documents `{_id, title, year}`.
func dataPage(_ docs: [(String, String)]) -> JSON {
    .object(["ok": true, "docs": .array(docs.map { id, title in
        .object(["_id": .string(id), "title": .string(title), "year": 1999])
    })])
}

let listMovies = RequestKey(service: .data, query: [("limit", "50")])
