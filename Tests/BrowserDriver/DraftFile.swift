import Foundation
import HyperJSON

/// What a test's editor does to a draft file, as a user would in `$EDITOR`.
public enum DraftFile {
    /// Reads the draft (skipping the error header a reopened draft has), lets `change` edit the
    /// document, and saves it pretty-printed.
    public static func edit(_ path: String, _ change: (inout JSONObject) -> Void) throws {
        var object = try document(path).objectValue ?? [:]
        change(&object)
        try write(JSON.object(object).pretty() + "\n", to: path)
    }

    /// The draft's document, without the header lines.
    public static func document(_ path: String) throws -> JSON {
        try JSON.parse(body(path))
    }

    /// The draft's text without the `// hyper-vision:` header lines.
    public static func body(_ path: String) throws -> String {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("// hyper-vision: ") }.joined(separator: "\n")
    }

    public static func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }
}
