import HyperJSON
import HyperTransport

/// Turns an HTTP response into hyper's answer or the matching `HyperError`
/// (hyper-api.md 2.6 and 8.1: `ok:false` with the HTTP status, plain-text 500s, the 404
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
            throw .hyper(status: response.status, msg: message(parsed, status: response.status), body: parsed)
        }
        if isHyperError(parsed) {
            let status = parsed["status"]?.intValue ?? response.status
            throw .hyper(status: status, msg: message(parsed, status: status), body: parsed)
        }
        return parsed
    }

    /// hyper's `isHyperErr`: `ok === false` and no `_id` (a stored document may hold `ok:false`).
    static func isHyperError(_ json: JSON) -> Bool {
        json["ok"]?.boolValue == false && json["_id"] == nil
    }

    private static func message(_ json: JSON, status: Int) -> String {
        for key in ["msg", "message", "error"] {
            if let value = json[key], !value.isNull { return value.stringValue ?? value.compact }
        }
        return "HTTP \(status)"
    }

    /// `GET /data/{db}/{id}` and `GET /cache/{name}/{key}` answer `{ok:true,doc}` when asked
    /// with `X-HYPER-LEGACY-GET: false`, and the raw document from servers that ignore it.
    static func unwrapDocument(_ json: JSON) -> JSON {
        if json["ok"]?.boolValue == true, json["_id"] == nil, let doc = json["doc"] { return doc }
        return json
    }
}
