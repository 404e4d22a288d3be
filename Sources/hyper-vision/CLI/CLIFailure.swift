/// A failure the CLI reports itself: `message` on stderr, then exit with `exitCode`.
///
/// Exit codes are part of the scripting contract: 0 ok, 1 hyper answered ok:false,
/// 2 usage error (bad options, bad input, bad config), 3 network or protocol error.
struct CLIFailure: Error, CustomStringConvertible {
    var message: String
    var exitCode: Int32

    var description: String { message }

    static let usageExitCode: Int32 = 2

    /// Bad input from the user: options, documents, config.
    static func usage(_ message: String) -> CLIFailure {
        CLIFailure(message: message, exitCode: usageExitCode)
    }
}
