import Glibc
import Hummingbird
import NIOCore

/// A storage object as a response body: the file is opened when the request is answered (so a
/// file that vanished is a 404, and its size is the one sent), then read with `pread` in 1 MiB
/// chunks as the response is written, each chunk awaiting the client (the connection's
/// back-pressure) before the next is read.
///
/// Hummingbird's `FileIO` read 128 KiB at a time, each read a hand-off to NIO's thread pool and
/// back (opening, sizing and closing too): a 1 MB download took 11 of them, and answered at
/// 0.36x nginx. The reads run where the request runs (the connection's event loop); an object
/// read from the page cache costs a copy of its bytes, which nginx's `sendfile` does not pay.
enum FileBody {
    static let chunkSize = 1 << 20

    /// The response for the file at `path`; 404 when it cannot be opened as a regular file.
    static func response(path: String, contentType: String) throws(HyperFailure) -> Response {
        let file = try OpenFile(path: path)
        var headers = HTTPFields()
        headers[.contentType] = contentType
        let size = file.size
        return Response(status: .ok, headers: headers, body: ResponseBody(contentLength: size) { writer in
            var offset = 0
            while offset < size {
                var chunk = ByteBufferAllocator().buffer(capacity: min(chunkSize, size - offset))
                try file.read(into: &chunk, at: offset, count: min(chunkSize, size - offset))
                offset += chunk.readableBytes
                try await writer.write(chunk)
            }
            try await writer.finish(nil)
        })
    }
}

/// An open, read-only file descriptor, closed when the last reference goes: a response whose
/// body is never written (its client left first) must not leak it.
private final class OpenFile: Sendable {
    private let descriptor: Int32
    let size: Int

    init(path: String) throws(HyperFailure) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw HyperFailure(404, "object does not exist") }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            throw HyperFailure(404, "object does not exist")
        }
        self.descriptor = descriptor
        size = Int(status.st_size)
    }

    deinit { close(descriptor) }

    /// Appends `count` bytes read at `offset`; throws when the file ends sooner (it was cut
    /// meanwhile: the response cannot hold its promised length, so the connection is dropped).
    func read(into buffer: inout ByteBuffer, at offset: Int, count: Int) throws {
        var done = 0
        while done < count {
            var read = 0
            buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: count - done) { space in
                read = pread(descriptor, space.baseAddress, count - done, off_t(offset + done))
                return max(0, read)
            }
            if read < 0, errno == EINTR { continue }
            guard read > 0 else { throw FileSink.failure("read a stored object") }
            done += read
        }
    }
}
