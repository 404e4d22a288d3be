import Foundation

/// Runs a saved connection's `token_command` (like `--password-command` in other tools): its
/// standard output, without the trailing newline, is the bearer token. The token is only held
/// in memory: it is never logged, echoed or written to disk, and failures name the connection,
/// never the output.
enum TokenCommand {
    /// A token is a line; more than this is not a token but a mistake (a command printing a file).
    static let outputLimit = 64 * 1024

    static func run(_ command: String, connection: String) throws(ConfigError) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let output = Pipe()
        process.standardOutput = output
        // Its prompts and errors reach the user (stderr is the browser's log while the screen is
        // up); its input is not the browser's keyboard.
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw .tokenCommand(connection: connection, reason: "cannot start /bin/sh: \(error.localizedDescription)")
        }
        let data = (try? output.fileHandleForReading.read(upToCount: outputLimit + 1)) ?? nil
        try? output.fileHandleForReading.close()
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            throw .tokenCommand(connection: connection, reason: "it exited with status \(process.terminationStatus)")
        }
        guard let data, data.count <= outputLimit, let text = String(data: data, encoding: .utf8) else {
            throw .tokenCommand(connection: connection, reason: "its output is not a token (UTF-8, at most \(outputLimit) bytes)")
        }
        let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty, !token.contains(where: \.isNewline) else {
            throw .tokenCommand(connection: connection, reason: "its output must be one non-empty line")
        }
        return token
    }
}
