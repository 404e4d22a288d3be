import HyperJSON

/// Options of `GET /data/{db}`: inclusive `_id` range, explicit keys, limit, order.
public struct ListOptions: Sendable, Equatable {
    public var startkey: String?
    public var endkey: String?
    public var limit: Int?
    public var keys: [String]?
    public var descending: Bool

    public init(startkey: String? = nil, endkey: String? = nil, limit: Int? = nil, keys: [String]? = nil,
                descending: Bool = false) {
        self.startkey = startkey
        self.endkey = endkey
        self.limit = limit
        self.keys = keys
        self.descending = descending
    }

    /// hyper reads `descending` with `Boolean(...)`, so `descending=false` would mean true:
    /// it is only sent when true. `keys` travel comma-joined.
    var query: [(String, String)] {
        var pairs: [(String, String)] = []
        if let startkey { pairs.append(("startkey", startkey)) }
        if let endkey { pairs.append(("endkey", endkey)) }
        if let limit { pairs.append(("limit", String(limit))) }
        if let keys { pairs.append(("keys", keys.joined(separator: ","))) }
        if descending { pairs.append(("descending", "true")) }
        return pairs
    }
}

/// The body of `POST /data/{db}/_query`; absent fields are not sent.
public struct DataQuery: Sendable, Equatable {
    public var selector: JSON?
    public var fields: [String]?
    public var sort: JSON?
    public var limit: Int?
    public var skip: Int?
    public var useIndex: String?

    public init(selector: JSON? = nil, fields: [String]? = nil, sort: JSON? = nil, limit: Int? = nil,
                skip: Int? = nil, useIndex: String? = nil) {
        self.selector = selector
        self.fields = fields
        self.sort = sort
        self.limit = limit
        self.skip = skip
        self.useIndex = useIndex
    }

    /// The SDK's `toDataQuery`: `useIndex` travels as `use_index`.
    public var body: JSON {
        var object: JSONObject = [:]
        object["selector"] = selector
        object["fields"] = fields.map { .array($0.map(JSON.string)) }
        object["sort"] = sort
        object["limit"] = limit.map { .number(JSONNumber($0)) }
        object["skip"] = skip.map { .number(JSONNumber($0)) }
        object["use_index"] = useIndex.map(JSON.string)
        return .object(object)
    }
}

/// The two job lists of a queue.
public enum QueueJobStatus: String, Sendable, CaseIterable {
    case ready = "READY", error = "ERROR"
}
