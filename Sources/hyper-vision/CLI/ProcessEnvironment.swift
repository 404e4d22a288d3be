import Glibc

/// The process environment, read in one place, once, from `environ`: Foundation's
/// `ProcessInfo.environment` builds the whole dictionary at each read (0.47 M instructions,
/// 2% of a CLI read's start), and a command reads it for its connection and again for its paths.
enum ProcessEnvironment {
    static let all: [String: String] = {
        var variables: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            // A name set twice reads as getenv reads it: the first.
            if let equals = text.utf8.firstIndex(of: UInt8(ascii: "=")), variables[String(text[..<equals])] == nil {
                variables[String(text[..<equals])] = String(text[text.utf8.index(after: equals)...])
            }
            entry += 1
        }
        return variables
    }()

    static func value(_ name: String) -> String? { all[name] }
}
