import Foundation
import Glibc

/// A private (mode 0600) temporary file for transfers that need a file on one side: uploads
/// from stdin, downloads to a redirected stdout. Data moves through it in 1 MiB chunks.
struct TemporaryFile {
    let path: String

    init() throws(CLIFailure) {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("hyper-vision-\(UUID().uuidString)").path
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw Self.failure("cannot create a temporary file at \(path)") }
        close(fd)
    }

    func remove() { unlink(path) }

    /// Replaces the file's content with everything readable from `source`.
    func fill(from source: Int32) throws(CLIFailure) {
        let fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC)
        guard fd >= 0 else { throw Self.failure("cannot write the temporary file \(path)") }
        defer { close(fd) }
        try Self.pump(from: source, to: fd)
    }

    /// Writes the file's content to `destination`.
    func copy(to destination: Int32) throws(CLIFailure) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Self.failure("cannot read the temporary file \(path)") }
        defer { close(fd) }
        try Self.pump(from: fd, to: destination)
    }

    private static func pump(from source: Int32, to destination: Int32) throws(CLIFailure) {
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
            if count == 0 { return }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure("read failed: \(String(cString: strerror(errno)))")
            }
            guard StandardStreams.write(buffer[..<count], to: destination) else {
                throw failure("write failed: \(String(cString: strerror(errno)))")
            }
        }
    }

    private static func failure(_ message: String) -> CLIFailure { CLIFailure(message: message, exitCode: 3) }
}
