import Foundation
import Hummingbird

/// Streams a `multipart/form-data` body: the `file` part goes chunk by chunk into a file sink,
/// small text fields (`path`) are kept in memory. Never holds the whole body.
struct MultipartReader {
    struct Result {
        var fields: [String: String] = [:]
        var file: (filename: String, sink: FileSink)?
    }

    private static let maxFieldBytes = 64 * 1024
    private let delimiter: [UInt8]

    /// The boundary from a Content-Type such as `multipart/form-data; boundary=XYZ`, nil when the
    /// type is not multipart.
    static func boundary(contentType: String?) -> String? {
        guard let contentType, contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == "boundary" {
                return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }

    init(boundary: String) {
        delimiter = Array("\r\n--\(boundary)".utf8)
    }

    private enum State { case preamble, afterDelimiter, headers, body, done }

    /// Reads the parts; `makeSink` is called for the part that carries a filename.
    func read(_ body: RequestBody, makeSink: () throws(HyperFailure) -> FileSink) async throws -> Result {
        var result = Result()
        var buffer: [UInt8] = Array("\r\n".utf8)  // so the first boundary looks like every other
        var start = 0
        var state = State.preamble
        var partName: String?
        var fieldBytes: [UInt8] = []
        var sink: FileSink?
        var iterator = body.makeAsyncIterator()

        func finishPart() {
            if let sink, let name = partName, result.file == nil {
                result.file = (name, sink)
            } else if let name = partName {
                result.fields[name] = String(decoding: fieldBytes, as: UTF8.self)
            }
            sink = nil
            partName = nil
            fieldBytes = []
        }

        while state != .done {
            var progressed = true
            switch state {
            case .preamble:
                if let found = Self.find(delimiter, in: buffer, from: start) {
                    start = found + delimiter.count
                    state = .afterDelimiter
                } else {
                    start = max(start, buffer.count - delimiter.count)
                    progressed = false
                }
            case .afterDelimiter:
                if buffer.count - start >= 2 {
                    if buffer[start] == UInt8(ascii: "-"), buffer[start + 1] == UInt8(ascii: "-") {
                        state = .done
                    } else if buffer[start] == UInt8(ascii: "\r"), buffer[start + 1] == UInt8(ascii: "\n") {
                        start += 2
                        state = .headers
                    } else {
                        throw Self.malformed
                    }
                } else {
                    progressed = false
                }
            case .headers:
                if let end = Self.find(Array("\r\n\r\n".utf8), in: buffer, from: start) {
                    let headers = String(decoding: buffer[start..<end], as: UTF8.self)
                    start = end + 4
                    let disposition = Self.disposition(headers)
                    if let filename = disposition.filename {
                        guard disposition.name == "file", result.file == nil else { throw Self.malformed }
                        sink = try makeSink()
                        partName = filename
                    } else {
                        partName = disposition.name
                    }
                    state = .body
                } else {
                    if buffer.count - start > Self.maxFieldBytes { throw Self.malformed }
                    progressed = false
                }
            case .body:
                let found = Self.find(delimiter, in: buffer, from: start)
                let end = found ?? max(start, buffer.count - delimiter.count + 1)
                if let sink {
                    try sink.write(buffer[start..<end])
                } else {
                    fieldBytes.append(contentsOf: buffer[start..<end])
                    if fieldBytes.count > Self.maxFieldBytes { throw HyperFailure(413, "form field too large") }
                }
                start = end
                if found != nil {
                    start += delimiter.count
                    finishPart()
                    state = .afterDelimiter
                } else {
                    progressed = false
                }
            case .done:
                break
            }
            if !progressed {
                guard let chunk = try await iterator.next() else { throw Self.malformed }
                if start > 0 {
                    buffer.removeFirst(start)
                    start = 0
                }
                buffer.append(contentsOf: chunk.readableBytesView)
            }
        }
        return result
    }

    static let malformed = HyperFailure(422, "body must be FormData that contains a file field and optional path field")

    /// `name` and `filename` from the part's Content-Disposition header.
    private static func disposition(_ headers: String) -> (name: String?, filename: String?) {
        var name: String?
        var filename: String?
        for line in headers.split(separator: "\r\n") where line.lowercased().hasPrefix("content-disposition:") {
            for parameter in line.split(separator: ";").dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard pair.count == 2 else { continue }
                let value = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                switch pair[0].lowercased() {
                case "name": name = value
                case "filename": filename = value
                default: break
                }
            }
        }
        return (name, filename)
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, haystack.count - start >= needle.count else { return nil }
        var index = start
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
