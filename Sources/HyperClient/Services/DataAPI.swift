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
    var body: JSON {
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

/// The data service of the connection's domain (`/data/{domain}`).
public struct DataAPI: Sendable {
    let client: HyperClient

    private func url(_ path: [String] = [], query: [(String, String)] = []) -> String {
        client.url(.data, path, query: query)
    }

    /// `POST` a document; the answer is `{ok, id}`.
    public func add(_ doc: JSON) async throws(HyperError) -> JSON {
        try await client.call("POST", url(), body: doc)
    }

    /// The document itself, whichever shape the server answers in.
    public func get(_ id: String) async throws(HyperError) -> JSON {
        HyperAnswer.unwrapDocument(try await client.call("GET", url([id]), headers: [legacyGetOff]))
    }

    public func list(_ options: ListOptions = .init()) async throws(HyperError) -> JSON {
        try await client.call("GET", url(query: options.query))
    }

    /// Replaces (upserts) the document with `id`.
    public func update(_ id: String, _ doc: JSON) async throws(HyperError) -> JSON {
        try await client.call("PUT", url([id]), body: doc)
    }

    public func remove(_ id: String) async throws(HyperError) -> JSON {
        try await client.call("DELETE", url([id]))
    }

    public func query(_ query: DataQuery) async throws(HyperError) -> JSON {
        try await client.call("POST", url(["_query"]), body: query.body)
    }

    /// Creates index `name` on `fields` (`["a","b"]` or `[{"a":"DESC"}]`).
    public func index(name: String, fields: JSON, partialFilter: JSON? = nil) async throws(HyperError) -> JSON {
        var body: JSONObject = ["fields": fields, "name": .string(name)]
        body["partialFilter"] = partialFilter
        return try await client.call("POST", url(["_index"]), body: .object(body))
    }

    /// Upserts every doc (each needs `_id`); `{_id, _deleted:true}` deletes.
    public func bulk(_ docs: [JSON]) async throws(HyperError) -> JSON {
        try await client.call("POST", url(["_bulk"]), body: .array(docs))
    }

    public func create() async throws(HyperError) -> JSON { try await client.call("PUT", url()) }
    public func destroy() async throws(HyperError) -> JSON { try await client.call("DELETE", url()) }
}

/// Asks data and cache `GET` for `{ok:true,doc}` instead of the bare document (hyper-api.md 3.1).
let legacyGetOff = ("X-HYPER-LEGACY-GET", "false")
