import Foundation

/// The process environment, read in one place.
enum ProcessEnvironment {
    static var all: [String: String] { ProcessInfo.processInfo.environment }
    static func value(_ name: String) -> String? { all[name] }
}
