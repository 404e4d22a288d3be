/// A request body made of literal text and long runs of one byte, streamed as it is generated:
/// a 7,000-field form or a 256 MB file part costs the sender no memory.
public struct GeneratedBody: Sendable {
    public enum Piece: Sendable {
        case text(String)
        case run(byte: UInt8, count: Int)
    }

    public var pieces: [Piece]

    public init(pieces: [Piece] = []) {
        self.pieces = pieces
    }

    public var count: Int {
        pieces.reduce(0) { total, piece in
            switch piece {
            case .text(let text): total + text.utf8.count
            case .run(_, let count): total + count
            }
        }
    }

    /// `multipart/form-data` with boundary `boundary`: `fields` text fields of `fieldSize` bytes
    /// each, then, unless `fileSize` is nil, a `file` part of that many bytes named `filename`.
    public static func form(boundary: String, fields: Int, fieldSize: Int, fileSize: Int?, filename: String = "big.bin") -> GeneratedBody {
        var body = GeneratedBody()
        for index in 0..<fields {
            body.pieces.append(.text("--\(boundary)\r\nContent-Disposition: form-data; name=\"field\(index)\"\r\n\r\n"))
            body.pieces.append(.run(byte: UInt8(ascii: "v"), count: fieldSize))
            body.pieces.append(.text("\r\n"))
        }
        if let fileSize {
            body.pieces.append(.text(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\n"
                    + "Content-Type: application/octet-stream\r\n\r\n"))
            body.pieces.append(.run(byte: 0x5A, count: fileSize))
            body.pieces.append(.text("\r\n"))
        }
        body.pieces.append(.text("--\(boundary)--\r\n"))
        return body
    }
}

extension RawSocket {
    /// POSTs `body` to `path` with `contentType` on a fresh connection; the answer's status, or
    /// nil when the server closed the connection without one. A server may answer and stop
    /// reading before the body is all sent (a 413): then sending stops and the answer is read.
    public static func post(port: Int, _ path: String, contentType: String, body: GeneratedBody, timeout: Duration) throws -> Int? {
        let socket = try RawSocket(port: port, timeout: timeout)
        defer { socket.close() }
        try socket.send("POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: \(contentType)\r\n"
            + "Content-Length: \(body.count)\r\nConnection: close\r\n\r\n")
        let block = [UInt8](repeating: 0, count: 1 << 20)
        do {
            for piece in body.pieces {
                switch piece {
                case .text(let text): try socket.send(text)
                case .run(let byte, var left):
                    var run = block
                    for index in run.indices { run[index] = byte }
                    while left > 0 {
                        try socket.send(Array(run.prefix(left)))
                        left -= min(left, run.count)
                    }
                }
            }
        } catch {
            // the server stopped reading; its answer, if any, is already on its way
        }
        return try? socket.readAnswer(timeout: timeout).status
    }
}
