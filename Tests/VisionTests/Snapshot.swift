import Foundation
import Testing

/// Compares text with `Snapshots/<name>.txt`; with `RECORD_SNAPSHOTS=1` (re)writes the file
/// instead. A missing file fails: snapshots are reviewed when recorded, never made up silently.
func assertSnapshot(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
    let file = folder.appendingPathComponent(name + ".txt")
    if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try? (text + "\n").write(to: file, atomically: true, encoding: .utf8)
        return
    }
    guard let recorded = try? String(contentsOf: file, encoding: .utf8) else {
        Issue.record("no snapshot \(name).txt: run with RECORD_SNAPSHOTS=1 and review it", sourceLocation: sourceLocation)
        return
    }
    if recorded != text + "\n" {
        Issue.record("snapshot \(name) differs.\n--- recorded\n\(recorded)--- now\n\(text)\n", sourceLocation: sourceLocation)
    }
}
