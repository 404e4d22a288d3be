import Foundation
#if canImport(Glibc)
import Glibc
#endif

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
    /// for it, as system(3) does: the editor stays in the terminal's foreground process group
    /// (Foundation's Process would start it in a group of its own, where a terminal editor is
    /// stopped or fails as soon as it touches the terminal), with default signal handling,
    /// while this process ignores the Ctrl-C / Ctrl-\ meant for the editor. The caller suspends
    /// the screen around this call.
    public static func run(_ command: String, path: String) -> Outcome {
        let before = FileManager.default.contents(atPath: path)
        // The path is passed as $1, never spliced into the command: file names cannot inject.
        let arguments = ["/bin/sh", "-c", command + " \"$1\"", "hyper-vision-editor", path]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t(), empty = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGQUIT, SIGTSTP, SIGTERM, SIGHUP, SIGWINCH] { sigaddset(&defaults, signal) }
        sigemptyset(&empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let previousInterrupt = signal(SIGINT, SIG_IGN)
        let previousQuit = signal(SIGQUIT, SIG_IGN)
        defer {
            signal(SIGINT, previousInterrupt)
            signal(SIGQUIT, previousQuit)
        }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, "/bin/sh", nil, &attributes, &argv, environ)
        guard spawned == 0 else {
            return .failed("cannot start the editor \(command): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        // 126/127: the shell could not find or run it (an editor's own failure is the user's call).
        let exited = status & 0x7f == 0
        if exited, [126, 127].contains((status >> 8) & 0xff) {
            return .failed("cannot run the editor \"\(command)\" (set $VISUAL or $EDITOR)")
        }
        return .closed(edited: FileManager.default.contents(atPath: path) != before)
    }
}
