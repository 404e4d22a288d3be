import Foundation

/// A request body read in pieces by curl: bytes in memory, or a file read with read(2) so an
/// upload never sits in memory whole. Unchecked Sendable: it belongs to one `CurlTransfer` and
/// is only touched by whoever holds that transfer (see its ownership note).
final class BodySource: @unchecked Sendable {
    private let bytes: [UInt8]
    private var fd: Int32 = -1
    private var offset = 0
    let size: Int64
    private(set) var failure: String?

    init(bytes: [UInt8]) {
        self.bytes = bytes
        size = Int64(bytes.count)
    }

    init(path: String) throws(TransportFailure) {
        bytes = []
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .file("cannot read \(path): \(String(cString: strerror(errno)))") }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            Glibc.close(fd)
            throw .file("cannot upload \(path): not a regular file")
        }
        size = Int64(info.st_size)
    }

    deinit { close() }

    /// Bytes copied into `buffer` (0 at the end), or nil when the file cannot be read.
    func read(into buffer: UnsafeMutableRawBufferPointer) -> Int? {
        guard fd >= 0 else {
            let n = min(buffer.count, bytes.count - offset)
            bytes.withUnsafeBytes { all in
                buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: all[offset..<offset + n]))
            }
            offset += n
            return n
        }
        let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
        guard n >= 0 else {
            failure = "read error: \(String(cString: strerror(errno)))"
            return nil
        }
        return n
    }

    func rewind() -> Bool {
        offset = 0
        return fd < 0 || lseek(fd, 0, SEEK_SET) == 0
    }

    func close() {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
    }
}

/// A response body: collected in memory (up to a limit), written straight to a file or
/// descriptor, or only its first bytes kept. A file is only opened (and truncated) once a 2xx
/// body starts, so an error answer never clobbers it. Unchecked Sendable for the same reason
/// as `BodySource`.
final class BodySink: @unchecked Sendable {
    private let target: ResponseSink
    private let memoryLimit: Int64
    private var fd: Int32 = -1
    /// Whether `fd` is a regular file this sink created or truncated (removed again on failure).
    private var ownsRegularFile = false
    private(set) var memory: [UInt8] = []
    private(set) var fileBytes: Int64 = 0
    private(set) var failure: String?
    /// The answer passed `memoryLimit`: the transfer was stopped.
    private(set) var exceededLimit = false
    /// A `.prefix` sink has its bytes: the transfer was stopped on purpose.
    private(set) var hasPrefix = false

    init(target: ResponseSink, memoryLimit: Int64) {
        self.target = target
        self.memoryLimit = memoryLimit
    }

    deinit { close() }

    /// Takes the next piece of the body; false stops the transfer (curl then fails it).
    func write(_ data: UnsafeRawBufferPointer, success: Bool) -> Bool {
        switch target {
        case .prefix(let limit):
            memory.append(contentsOf: data.prefix(max(0, limit - memory.count)))
            hasPrefix = memory.count >= limit
            return !hasPrefix
        case .file where success, .descriptor where success:
            return writeOut(data)
        case .memory, .file, .descriptor:
            guard Int64(memory.count) + Int64(data.count) <= memoryLimit else {
                exceededLimit = true
                return false
            }
            memory.append(contentsOf: data)
            return true
        }
    }

    private func writeOut(_ data: UnsafeRawBufferPointer) -> Bool {
        if fd < 0, !open() { return false }
        var done = 0
        while done < data.count {
            let n = Glibc.write(fd, data.baseAddress! + done, data.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                failure = "cannot write \(name): \(String(cString: strerror(errno)))"
                return false
            }
            done += n
        }
        fileBytes += Int64(done)
        return true
    }

    /// A successful empty body must still leave an (empty) file behind. Returns a failure text.
    func finishEmptyFile() -> String? {
        if case .file = target, fd < 0, fileBytes == 0, !open() { return failure }
        return nil
    }

    /// The transfer failed: a file this sink created or truncated holds only part of the answer
    /// (or none of it). It is removed rather than left looking like a download when the path
    /// names it; reached through a symbolic link (`/dev/stdout` onto a file, a link the user
    /// keeps), it is emptied instead, for removing the path would remove the link.
    func discardPartialFile() {
        guard ownsRegularFile, case .file(let path) = target else { return }
        if pathNamesOpenFile(path) {
            close()
            unlink(path)
        } else {
            _ = ftruncate(fd, 0)
            close()
        }
        ownsRegularFile = false
    }

    /// Whether `path` itself is the regular file open on `fd` (not a link to it).
    private func pathNamesOpenFile(_ path: String) -> Bool {
        var opened = stat(), named = stat()
        return fstat(fd, &opened) == 0 && lstat(path, &named) == 0 && (named.st_mode & S_IFMT) == S_IFREG
            && named.st_dev == opened.st_dev && named.st_ino == opened.st_ino
    }

    private var name: String {
        switch target {
        case .file(let path): path
        case .descriptor(let fd): "descriptor \(fd)"
        case .memory, .prefix: "memory"
        }
    }

    private func open() -> Bool {
        switch target {
        case .file(let path):
            fd = Glibc.open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            if fd < 0 {
                failure = "cannot write \(path): \(String(cString: strerror(errno)))"
            } else {
                var info = stat()
                ownsRegularFile = fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
            }
        case .descriptor(let descriptor):
            fd = descriptor
        case .memory, .prefix:
            break
        }
        return fd >= 0
    }

    /// Closes a file this sink opened; a descriptor handed in stays open.
    func close() {
        if fd >= 0, case .file = target { Glibc.close(fd) }
        fd = -1
    }
}
