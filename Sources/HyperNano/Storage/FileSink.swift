import Glibc

/// An append-only file written chunk by chunk, so uploads never sit whole in memory.
final class FileSink {
    let path: String
    private var descriptor: Int32

    init(path: String) throws(HyperFailure) {
        self.path = path
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Self.failure("create the upload file") }
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws(HyperFailure) {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw Self.failure("write the upload file")
            }
            offset += written
        }
    }

    func write(_ bytes: ArraySlice<UInt8>) throws(HyperFailure) {
        var failure: HyperFailure?
        bytes.withUnsafeBytes { raw in
            do throws(HyperFailure) { try write(raw) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Why the last file operation failed (from `errno`), without the file's path: 507 when
    /// the disk is full, else 500.
    static func failure(_ action: String) -> HyperFailure {
        let code = errno
        if code == ENOSPC || code == EDQUOT { return .diskFull(action) }
        return HyperFailure(500, "nano could not \(action): \(String(cString: strerror(code)))")
    }

    func close() {
        if descriptor >= 0 { _ = Glibc.close(descriptor) }
        descriptor = -1
    }

    deinit { close() }
}
