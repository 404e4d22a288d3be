import Foundation
import Hummingbird

/// Streams a `multipart/form-data` body: the `file` part goes chunk by chunk into a file sink,
/// small text fields (`path`) are kept in memory. Never holds the whole body: the text fields
/// are capped in number and in total size (7,000 fields of 64 KB once grew nano by 500 MB).
struct MultipartReader {
    struct Result {
        var fields: [String: String] = [:]
        var file: (filename: String, sink: FileSink)?
    }

    /// Text fields besides the file (hyper reads only `path`).
    static let maxFields = 16
    /// Bytes of all text fields together.
    static let maxFieldBytes = 64 * 1024
    /// Bytes of one part's headers.
    static let maxPartHeaderBytes = 16 * 1024
    /// RFC 2046's longest boundary.
    static let maxBoundaryLength = 70
    private let delimiter: [UInt8]

    /// The boundary from a Content-Type such as `multipart/form-data; boundary=XYZ`, nil when the
    /// type is not multipart; 400 when it has none or one longer than RFC 2046 allows.
    static func boundary(contentType: String?) throws(HyperFailure) -> String? {
        guard let contentType, contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == "boundary" {
                let boundary = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                guard (1...maxBoundaryLength).contains(boundary.utf8.count) else {
                    throw HyperFailure(400, "multipart boundary must be 1 to \(maxBoundaryLength) characters long")
                }
                return boundary
            }
        }
        throw HyperFailure(400, "multipart/form-data needs a boundary parameter")
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
        var fieldCount = 0
        var totalFieldBytes = 0
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
                        fieldCount += 1
                        if fieldCount > Self.maxFields { throw Self.tooManyFields }
                        partName = disposition.name
                    }
                    state = .body
                } else {
                    if buffer.count - start > Self.maxPartHeaderBytes {
                        throw HyperFailure(413, "a multipart part's headers are larger than \(Self.maxPartHeaderBytes / 1024) KB")
                    }
                    progressed = false
                }
            case .body:
                let found = Self.find(delimiter, in: buffer, from: start)
                let end = found ?? max(start, buffer.count - delimiter.count + 1)
                if let sink {
                    try sink.write(buffer[start..<end])
                } else {
                    fieldBytes.append(contentsOf: buffer[start..<end])
                    totalFieldBytes += end - start
                    if totalFieldBytes > Self.maxFieldBytes { throw Self.fieldsTooLarge }
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
    static let tooManyFields = HyperFailure(413, "multipart form has more than \(maxFields) fields besides the file")
    static let fieldsTooLarge = HyperFailure(413, "multipart form fields are larger than \(maxFieldBytes / 1024) KB in all")

    /// `name` and `filename` from the part's Content-Disposition header.
    private static func disposition(_ headers: String) -> (name: String?, filename: String?) {
        var name: String?
        var filename: String?
        for line in headers.split(separator: "\r\n") where line.lowercased().hasPrefix("content-disposition:") {
            for parameter in parameters(line).dropFirst() {
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

    /// A header's `;`-separated parts; a `;` inside a quoted value (`filename="a;b.txt"`, as
    /// browsers send it) belongs to the value. Scalars, not Characters: a quote followed by a
    /// combining mark is still a quote.
    private static func parameters(_ line: Substring) -> [String] {
        var parts: [String] = []
        var part = String.UnicodeScalarView()
        var quoted = false
        for scalar in line.unicodeScalars {
            if scalar == "\"" { quoted.toggle() }
            if scalar == ";", !quoted {
                parts.append(String(part))
                part = String.UnicodeScalarView()
            } else {
                part.append(scalar)
            }
        }
        parts.append(String(part))
        return parts
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
