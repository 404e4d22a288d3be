import Glibc
import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTP1
import NIOHTTPTypesHTTP1

/// A storage object as a response body: the file is opened when the request is answered (so a
/// file that vanished is a 404, and its size is the one sent; see `StorageStore.openObject`),
/// then handed to the connection as one NIO `FileRegion`, which the kernel sends from the page
/// cache without a copy in nano (`sendfile(2)`, as nginx serves static files) as fast as the
/// client reads. `ReadLane` writes it on the event loop; a request it passes on gets it through
/// Hummingbird (`response`).
///
/// Reading the object into buffers cost a copy of every byte out of the page cache, a 1 MiB
/// buffer per chunk (mapped and zeroed by the kernel, then unmapped: 12% of the download's CPU
/// in page faults) and a second copy into the socket; a 1 MB download answered at 0.66x
/// nginx. Hummingbird's response writer carries only `ByteBuffer`s, so the region is written
/// just below it, where HTTP/1's encoder turns response parts into bytes: after the head
/// Hummingbird wrote, before the end it writes.
///
/// nano never cuts an object while it is sent: a stored object is replaced by renaming a new
/// file over it, and an open descriptor keeps the old one whole. A file cut from outside (a
/// hand edit in the storage folder) would make sendfile find nothing left while bytes are still
/// due, and NIO tries again at once, for ever: the connection would spin. So while a region is
/// being written, a check each second closes the connection once the file is shorter than the
/// length the answer promised.
enum FileBody {
    /// The response for `file`, to be written on `channel` (the request's connection).
    static func response(_ file: OpenFile, contentType: String, channel: any Channel) -> Response {
        Response(status: .ok, headers: headers(of: file, contentType: contentType), body: ResponseBody(contentLength: file.size) { writer in
            file.send(on: channel)
            // Queued behind the region: written once the socket has taken enough of it.
            try await writer.finish(nil)
        })
    }

    /// The head's fields: the object's type and length.
    static func headers(of file: OpenFile, contentType: String) -> HTTPFields {
        var headers = HTTPFields()
        headers.append(HTTPField(name: .contentType, value: contentType))
        headers.append(HTTPField(name: .contentLength, value: String(file.size)))
        return headers
    }
}

/// An open, read-only regular file, closed when the last reference goes: a response whose body
/// is never written (its client left first) must not leak it, and one being written holds it
/// until the kernel has taken its last byte.
final class OpenFile: Sendable {
    private let handle: NIOFileHandle
    let size: Int

    /// nil when `path` cannot be opened, or is not a regular file. O_NONBLOCK: a FIFO put in a
    /// bucket by hand would otherwise block the open, and so the event loop that serves the
    /// download, until some writer came (on a regular file it changes nothing).
    init?(path: String) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { return nil }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            return nil
        }
        handle = NIOFileHandle(_deprecatedTakingOwnershipOfDescriptor: descriptor)
        size = Int(status.st_size)
    }

    /// The path the kernel resolved when the file was opened, every symlink followed (Linux's
    /// `/proc/self/fd`); nil when it cannot tell.
    var resolvedPath: String? {
        try? handle.withUnsafeFileDescriptor { descriptor -> String? in
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let length = readlink("/proc/self/fd/\(descriptor)", &buffer, buffer.count - 1)
            guard length > 0, length < buffer.count - 1 else { return nil }
            return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        } ?? nil
    }

    // Nothing uses the handle any more: a region written from it holds this object until done.
    deinit { try? handle.close() }

    /// Writes the whole file on `channel`, after what was written to it before (the head, by
    /// `ReadLane` or Hummingbird) and before what is written after (the end). Off the event loop, a
    /// write reaches the loop as a task run in turn, so the region goes the same way; on it,
    /// writes happen at once, so the region does too. Not awaited: the write's pending bytes
    /// make the channel unwritable, so the end waits for the socket to drain (the connection's
    /// back-pressure), and the task does not wake up once more in between.
    func send(on channel: any Channel) {
        guard size > 0 else { return }
        let region = FileRegion(fileHandle: handle, readerIndex: 0, endIndex: size)
        let write: @Sendable () -> Void = {
            guard let encoder = try? channel.pipeline.syncOperations.context(handlerType: HTTP1ToHTTPServerCodec.self) else {
                // The connection is going: it can no longer hold the length it promised.
                channel.close(promise: nil)
                return
            }
            let written = encoder.writeAndFlush(NIOAny(HTTPServerResponsePart.body(.fileRegion(region))))
            let watch = channel.eventLoop.scheduleRepeatedTask(initialDelay: Self.cutCheckInterval, delay: Self.cutCheckInterval) { _ in
                if self.isCut { channel.close(promise: nil) }
            }
            written.whenComplete { _ in
                watch.cancel()
                withExtendedLifetime(self) {}
            }
        }
        if channel.eventLoop.inEventLoop { write() } else { channel.eventLoop.execute(write) }
    }

    private static let cutCheckInterval = TimeAmount.seconds(1)

    /// Whether the file is now shorter than the length being sent (or can no longer be asked).
    private var isCut: Bool {
        let current = try? handle.withUnsafeFileDescriptor { descriptor -> Int? in
            var status = stat()
            return fstat(descriptor, &status) == 0 ? Int(status.st_size) : nil
        }
        guard let current else { return true }
        return current < size
    }
}
