import Foundation
import HyperJSON
import HyperTransport

/// `--debug` output: request and response lines, headers and a body excerpt. The
/// Authorization value is always masked, and the secret and any token are replaced by `****`
/// wherever else they might appear (a body echoing them, a URL). Each line is one line: what
/// the server sent is shown with every control character escaped (`\x1b`, `\n`).
struct DebugLog: Sendable {
    let sink: @Sendable (String) -> Void
    let secrets: @Sendable () -> [String]

    static let bodyExcerpt = 2_000

    func line(_ text: String) {
        var text = text
        for secret in secrets() where !secret.isEmpty {
            text = text.replacingOccurrences(of: secret, with: "****")
        }
        sink(TerminalText.escaped(text))
    }

    func request(_ request: HTTPRequest, attempt: Int) {
        line("> \(request.method) \(request.url)" + (attempt > 0 ? " (attempt \(attempt + 1))" : ""))
        for (name, value) in request.headers {
            line("> \(name): \(name.lowercased() == "authorization" ? "Bearer ****" : value)")
        }
        switch request.body {
        case .none: break
        case .bytes(let bytes): line("> " + DebugLog.excerpt(bytes))
        case .file(let path): line("> (body streamed from \(path))")
        }
    }

    func response(_ response: HTTPResponse, elapsed: Duration) {
        let version = ["1": "HTTP/1.0", "2": "HTTP/1.1", "3": "HTTP/2"]["\(response.httpVersion)"] ?? "HTTP"
        line("< \(response.status) \(version) \(response.effectiveURL) in \(DebugLog.milliseconds(elapsed)) ms"
             + (response.newConnections == 0 ? " (reused connection)" : ""))
        for (name, value) in response.headers { line("< \(name): \(value)") }
        if !response.body.isEmpty { line("< " + DebugLog.excerpt(response.body)) }
        if response.fileBytes > 0 { line("< (\(response.fileBytes) bytes written to file)") }
    }

    func failure(_ failure: TransportFailure, elapsed: Duration) {
        line("! \(HyperClient.hyperError(failure)) after \(DebugLog.milliseconds(elapsed)) ms")
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        Int(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
    }

    private static func excerpt(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes.prefix(bodyExcerpt), as: UTF8.self)
        return bytes.count > bodyExcerpt ? text + "… (\(bytes.count) bytes)" : text
    }
}
