import Foundation

/// Runs the user's editor (`$VISUAL`, else `$EDITOR`, else `vi`) on a file with the terminal
/// handed over to it, and says whether the file changed.
public enum ExternalEditor {
    public enum Outcome: Equatable, Sendable {
        /// The editor exited; `edited` is false when the file's bytes are what they were.
        case closed(edited: Bool)
        /// The editor could not be started (not found, not executable).
        case failed(String)
    }

    /// The command line of the editor; it may carry arguments (`code --wait`).
    public static func command(environment: [String: String]) -> String {
        for variable in ["VISUAL", "EDITOR"] {
            if let value = environment[variable]?.trimmingCharacters(in: .whitespaces), !value.isEmpty { return value }
        }
        return "vi"
    }

    /// Runs `command` on `path` through `/bin/sh` (so `$EDITOR` may hold arguments) and waits
    /// for it. The caller suspends the screen around this call.
    public static func run(_ command: String, path: String) -> Outcome {
        let before = FileManager.default.contents(atPath: path)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        // The path is passed as $1, never spliced into the command: file names cannot inject.
        process.arguments = ["-c", command + " \"$1\"", "hyper-vision-editor", path]
        do {
            try process.run()
        } catch {
            return .failed("cannot start the editor \(command): \(error.localizedDescription)")
        }
        process.waitUntilExit()
        // 126/127: the shell could not find or run it (an editor's own failure is the user's call).
        if process.terminationReason == .exit, [126, 127].contains(process.terminationStatus) {
            return .failed("cannot run the editor \"\(command)\" (set $VISUAL or $EDITOR)")
        }
        return .closed(edited: FileManager.default.contents(atPath: path) != before)
    }
}
