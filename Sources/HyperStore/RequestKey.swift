import HyperJSON
import HyperModel

/// Identifies one cached answer of an app: the request that produced it, in canonical form, so
/// the same request always finds the same page (query parameters sorted, body keys sorted).
public struct RequestKey: Sendable, Hashable, CustomStringConvertible {
    public let service: HyperService
    public let method: String
    /// The path below the service and domain, e.g. `["_query"]` or `["movie-0001"]`.
    public let path: [String]
    /// Query parameters, sorted by name then value.
    public let query: [QueryItem]
    /// The request body (queries), nil for GET.
    public let body: JSON?
    /// Set when the answer is ONE document (data get, cache get, search get): writes to that
    /// id then replace or drop the whole answer instead of one item of a list.
    public let documentID: String?

    public struct QueryItem: Sendable, Hashable {
        public let name: String
        public let value: String
        public init(_ name: String, _ value: String) { self.name = name; self.value = value }
    }

    public init(service: HyperService, method: String = "GET", path: [String] = [], query: [(String, String)] = [],
                body: JSON? = nil, documentID: String? = nil) {
        self.service = service
        self.method = method.uppercased()
        self.path = path
        self.query = query.map { QueryItem($0.0, $0.1) }
            .sorted { ($0.name, $0.value) < ($1.name, $1.value) }
        self.body = body.map(Self.canonical)
        self.documentID = documentID
    }

    /// The key of `read`: its call exactly as the client sends it.
    public init(_ read: HyperRead) {
        let call = read.call
        self.init(service: call.service, method: call.method, path: call.path, query: call.queryPairs, body: call.body,
                  documentID: read.documentID)
    }

    /// The text the cache is keyed by.
    public var canonical: String {
        var text = "\(service.rawValue) \(method) /" + path.map(Self.escape).joined(separator: "/")
        if !query.isEmpty {
            text += "?" + query.map { "\(Self.escape($0.name))=\(Self.escape($0.value))" }.joined(separator: "&")
        }
        if let body { text += " " + body.compact }
        if let documentID { text += " #" + Self.escape(documentID) }
        return text
    }

    public var description: String { canonical }

    /// The key as JSON, stored next to the page so `find` can hand the request back.
    var json: JSON {
        var object: JSONObject = ["service": .string(service.rawValue), "method": .string(method),
                                  "path": .array(path.map(JSON.string)),
                                  "query": .array(query.map { .array([.string($0.name), .string($0.value)]) })]
        if let body { object["body"] = body }
        if let documentID { object["documentID"] = .string(documentID) }
        return .object(object)
    }

    init?(json: JSON) {
        guard let service = json["service"]?.stringValue.flatMap(HyperService.init(rawValue:)),
              let method = json["method"]?.stringValue,
              let path = json["path"]?.arrayValue?.compactMap(\.stringValue),
              let query = json["query"]?.arrayValue else { return nil }
        let pairs = query.compactMap { item -> (String, String)? in
            guard let name = item[0]?.stringValue, let value = item[1]?.stringValue else { return nil }
            return (name, value)
        }
        self.init(service: service, method: method, path: path, query: pairs,
                  body: json["body"], documentID: json["documentID"]?.stringValue)
    }

    /// Objects with their keys sorted, recursively: two bodies that mean the same are one key.
    private static func canonical(_ value: JSON) -> JSON {
        switch value {
        case .object(let object):
            var sorted = JSONObject()
            for key in object.keys.sorted() { sorted[key] = canonical(object[key]!) }
            return .object(sorted)
        case .array(let items): return .array(items.map(canonical))
        default: return value
        }
    }

    /// Percent-escapes the separators of the canonical form so distinct keys never collide.
    private static func escape(_ part: String) -> String {
        var out = ""
        for scalar in part.unicodeScalars {
            switch scalar {
            case "%", "/", "?", "&", "=", " ", "#": out += "%" + String(scalar.value, radix: 16, uppercase: true)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
