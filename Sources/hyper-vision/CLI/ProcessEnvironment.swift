import Foundation

/// The process environment, read in one place, once: Foundation builds the whole dictionary at
/// each read, and a command reads it for its connection and again for its paths.
enum ProcessEnvironment {
    static let all: [String: String] = ProcessInfo.processInfo.environment
    static func value(_ name: String) -> String? { all[name] }
}
