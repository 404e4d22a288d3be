import Glibc

/// An append-only file written chunk by chunk, so uploads never sit whole in memory.
final class FileSink {
    let path: String
    private var descriptor: Int32

    init(path: String) throws(HyperFailure) {
        self.path = path
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw HyperFailure(500, "cannot create upload file: errno \(errno)") }
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws(HyperFailure) {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw HyperFailure(500, "cannot write upload file: errno \(errno)")
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

    func close() {
        if descriptor >= 0 { _ = Glibc.close(descriptor) }
        descriptor = -1
    }

    deinit { close() }
}
