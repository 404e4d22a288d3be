import Dispatch
import Foundation
import FuzzSupport
import Glibc
import Hummingbird
@testable import HyperNano

/// nano's streaming `multipart/form-data` reader over bodies cut into chunks. The input's first
/// line is the boundary, the rest the body. Properties:
/// - the outcome (fields, file name and bytes, or the refusal) is the same whether the body
///   arrives whole, a byte at a time, or in chunks of 7 or 64 bytes;
/// - a refusal is a 400, 413 or 422, never a 500;
/// - at most `maxFields` text fields of `maxFieldBytes` in all are kept;
/// - read as a form, the body's lines `name=value` (a text field) and `@filename=content` (the
///   file) come back exactly from the form a browser would send for them.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMultipart(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    let lineEnd = bytes.firstIndex(of: 0x0A) ?? bytes.count
    let boundary = String(decoding: bytes[..<lineEnd], as: UTF8.self)
    guard (1...MultipartReader.maxBoundaryLength).contains(boundary.utf8.count), !boundary.utf8.contains(0x0D) else { return 0 }
    let body = Array(bytes[min(lineEnd + 1, bytes.count)...])
    waitFor {
        await checkChunkings(body, boundary: boundary)
        await roundTrip(String(decoding: body, as: UTF8.self), boundary: boundary)
    }
    return 0
}

private func checkChunkings(_ body: [UInt8], boundary: String) async {
    let whole = await read(body, boundary: boundary, chunkSize: max(body.count, 1))
    for chunkSize in [1, 7, 64] {
        let chunked = await read(body, boundary: boundary, chunkSize: chunkSize)
        require(chunked == whole, "chunks of \(chunkSize) give \(chunked), whole \(whole)")
    }
    switch whole {
    case .refused(let status, let message):
        require([400, 413, 422].contains(status), "status \(status): \(message)")
    case .form(let fields, _):
        require(fields.count <= MultipartReader.maxFields, "\(fields.count) fields kept")
        require(fields.values.reduce(0) { $0 + $1.utf8.count } <= MultipartReader.maxFieldBytes, "field bytes over the cap")
    }
}

/// What one read gave, comparable across chunkings.
private enum Outcome: Equatable, Sendable {
    case form(fields: [String: String], file: UploadedFile?)
    case refused(status: Int, message: String)
}

private struct UploadedFile: Equatable, Sendable {
    let name: String
    let bytes: [UInt8]
}

/// Builds the form of the text's lines (`name=value`, `@filename=content`) as browsers encode
/// it (names keep `;`, lose nothing but `"`, CR and LF, which browsers escape) and reads it back.
private func roundTrip(_ text: String, boundary: String) async {
    var fields: [String: String] = [:]
    var textParts = 0
    var file: UploadedFile?
    var form = ""
    for line in text.split(separator: "\n") where textParts < MultipartReader.maxFields {
        guard let equals = line.firstIndex(of: "=") else { continue }
        var name = String(line[..<equals])
        let value = String(line[line.index(after: equals)...])
        // A browser picks a boundary that its content does not hold.
        // By scalar and byte, as the reader looks: "\r\n" is one Character, unequal to "\r".
        guard !name.unicodeScalars.contains(where: { $0 == "\"" || $0 == "\r" }), !value.unicodeScalars.contains("\r"),
              Array(value.utf8).firstRange(of: Array(boundary.utf8)) == nil else {
            continue
        }
        if name.hasPrefix("@") {
            guard file == nil else { continue }
            name.removeFirst()
            file = UploadedFile(name: name, bytes: Array(value.utf8))
            form += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(name)\"\r\n"
            form += "Content-Type: application/octet-stream\r\n\r\n"
        } else {
            fields[name] = value
            textParts += 1
            form += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n"
        }
        form += value + "\r\n"
    }
    guard !form.isEmpty else { return }
    form += "--\(boundary)--\r\n"
    let outcome = await read(Array(form.utf8), boundary: boundary, chunkSize: 7)
    require(outcome == .form(fields: fields, file: file), "the form \(excerpt(form)) reads as \(outcome)")
}

/// `MultipartReader.read` on `body` cut into `chunkSize`-byte chunks.
private func read(_ body: [UInt8], boundary: String, chunkSize: Int) async -> Outcome {
    let chunks = stride(from: 0, to: body.count, by: chunkSize).map {
        ByteBuffer(bytes: body[$0..<min($0 + chunkSize, body.count)])
    }
    var sink: FileSink?
    defer {
        sink?.close()
        if let path = sink?.path { unlink(path) }
    }
    do {
        let result = try await MultipartReader(boundary: boundary).read(RequestBody(asyncSequence: chunks.async)) {
            () throws(HyperFailure) -> FileSink in
            sink = try FileSink(path: uploadFolder + "/upload")
            return sink!
        }
        let file = result.file.map { file in
            file.sink.close()
            return UploadedFile(name: file.filename, bytes: contents(of: file.sink.path))
        }
        return .form(fields: result.fields, file: file)
    } catch let failure as HyperFailure {
        return .refused(status: failure.status, message: failure.msg)
    } catch {
        return .refused(status: 500, message: "\(error)")
    }
}

/// The file's bytes. (Not `FileManager.contents(atPath:)`: in this toolchain's Foundation it
/// leaks 4 KB on every empty file, which LeakSanitizer rightly reports.)
private func contents(of path: String) -> [UInt8] {
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else { return [] }
    defer { close(descriptor) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while case let count = Glibc.read(descriptor, &chunk, chunk.count), count > 0 {
        bytes += chunk[..<count]
    }
    return bytes
}

/// One folder per fuzzing process for the file part (the reader writes it to disk).
private let uploadFolder: String = {
    let path = NSTemporaryDirectory() + "fuzz-multipart-\(getpid())"
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}()

/// Runs `operation` to its end before returning: libFuzzer calls the target synchronously.
/// `Task.immediate` starts it on this thread, where it runs through, since the chunks never
/// make the reader suspend: no hop to another thread (milliseconds on a loaded machine), and
/// the task is gone when the input ends, so LeakSanitizer has no reason to scan the heap.
private func waitFor(_ operation: @escaping @Sendable () async -> Void) {
    let done = DispatchSemaphore(value: 0)
    Task.immediate {
        await operation()
        done.signal()
    }
    done.wait()
}

/// A fixed array as an async sequence of its elements.
private struct AsyncArray<Element: Sendable>: AsyncSequence, Sendable {
    let elements: [Element]

    struct AsyncIterator: AsyncIteratorProtocol {
        var index = 0
        let elements: [Element]

        mutating func next() async -> Element? {
            guard index < elements.count else { return nil }
            defer { index += 1 }
            return elements[index]
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(elements: elements) }
}

extension Array where Element: Sendable {
    fileprivate var async: AsyncArray<Element> { AsyncArray(elements: self) }
}
