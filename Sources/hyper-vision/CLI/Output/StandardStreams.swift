import Glibc
import HyperJSON

/// Raw writes to stdout and stderr: no buffering surprises between our JSON and the client's
/// `--debug` lines, and no Foundation in the path of large outputs.
enum StandardStreams {
    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    /// Whether stdout was redirected to a regular file (as opposed to a pipe or a terminal).
    static var stdoutIsRegularFile: Bool {
        var info = stat()
        return fstat(STDOUT_FILENO, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    static func writeOut(_ text: String) { write(Array(text.utf8)[...], to: STDOUT_FILENO) }

    /// A message on stderr, ended by a line feed. Messages quote servers (`msg`, error pages,
    /// `--debug` bodies) and what the user typed, so every control character in them but the
    /// line feed is written as a visible escape (`\x1b`): nothing in them can drive the terminal.
    static func writeError(_ message: String) {
        write(Array((TerminalText.escaped(message, keepingNewlines: true) + "\n").utf8)[...], to: STDERR_FILENO)
    }

    /// Our own terminal control on stderr (the progress meter's redraw), written as it is.
    static func writeControl(_ text: String) {
        write(Array(text.utf8)[...], to: STDERR_FILENO)
    }

    /// Writes everything, retrying on partial writes and EINTR; false when the write failed.
    /// A closed pipe (`| head`) ends the process through SIGPIPE as any Unix filter does.
    @discardableResult
    static func write(_ bytes: ArraySlice<UInt8>, to descriptor: Int32) -> Bool {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += written
            }
            return true
        }
    }
}
