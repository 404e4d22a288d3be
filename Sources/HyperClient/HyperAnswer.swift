import HyperJSON
import HyperModel
import HyperTransport

/// Turns an HTTP response into hyper's answer or the matching `HyperError`
/// (hyper-api.md 2.6 and 8.1, read by `Envelope`: `ok:false` with the HTTP status, plain-text 500s, the 404
/// `{ok:false,msg:"not found!"}` without a status).
enum HyperAnswer {
    static func decode(_ response: HTTPResponse) throws(HyperError) -> JSON {
        let success = (200..<300).contains(response.status)
        let parsed: JSON
        do {
            parsed = try JSON.parse(response.body)
        } catch {
            if !success { throw .http(status: response.status, body: String(decoding: response.body, as: UTF8.self)) }
            let type = response.header("content-type").map { ", content-type \($0)" } ?? ""
            let why = response.body.isEmpty ? "empty body" : "body is not JSON: \(error)"
            throw .invalidResponse("\(why) (HTTP \(response.status)\(type))")
        }
        if !success {
            guard parsed.objectValue != nil else {
                throw .http(status: response.status, body: String(decoding: response.body, as: UTF8.self))
            }
            throw .hyper(status: response.status, msg: Envelope.errorMessage(parsed, status: response.status), body: parsed)
        }
        if Envelope.isError(parsed) {
            let status = parsed["status"]?.intValue ?? response.status
            throw .hyper(status: status, msg: Envelope.errorMessage(parsed, status: status), body: parsed)
        }
        return parsed
    }
}
