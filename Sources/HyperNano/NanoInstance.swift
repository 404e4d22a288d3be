import Foundation

/// Who this nano is, whatever port it listens on: a random id kept in its folder (created on
/// the first start, kept across restarts and `--purge`) and announced by `GET /` as
/// `"instance"`, so clients can tell one nano folder from another, and the demo can key local
/// state (drafts, journal) by it rather than by a port picked at random.
enum NanoInstance {
    static func load(directory: String) throws -> String {
        let path = directory + "/instance"
        if let text = try? String(contentsOfFile: path, encoding: .utf8) {
            let id = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if isValid(id) { return id }
        }
        let id = (0..<8).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
        try Data((id + "\n").utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        return id
    }

    /// 16 lowercase hex digits: what `load` writes (anything else in the file is replaced).
    static func isValid(_ id: String) -> Bool {
        id.utf8.count == 16 && id.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}
