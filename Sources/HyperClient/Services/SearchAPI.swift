import HyperJSON
import HyperModel

/// The search index of the connection's domain (`/search/{domain}`).
public struct SearchAPI: ServiceAPI {
    public static let service = HyperService.search
    public let client: HyperClient

    public func add(key: String, doc: JSON) async throws(HyperError) -> JSON {
        try await client.call("POST", try url(), body: ["key": .string(key), "doc": doc])
    }

    /// `{ok, key, doc}`.
    public func get(_ key: String) async throws(HyperError) -> JSON {
        try await client.read(.searchDocument(key: key))
    }

    public func update(key: String, doc: JSON) async throws(HyperError) -> JSON {
        try await client.call("PUT", try url([key]), body: doc)
    }

    public func remove(_ key: String) async throws(HyperError) -> JSON {
        try await client.call("DELETE", try url([key]))
    }

    /// Full-text query; `fields` narrows the searched fields, `filter` is an exact-match object,
    /// `limit` keeps the best matches.
    public func query(_ text: String, fields: [String]? = nil, filter: JSON? = nil, limit: Int? = nil) async throws(HyperError) -> JSON {
        try await client.read(.searchQuery(text: text, fields: fields, filter: filter, limit: limit))
    }

    /// Bulk-indexes docs (each with `_id` or `id`).
    public func load(_ docs: [JSON]) async throws(HyperError) -> JSON {
        try await client.call("POST", try url(["_bulk"]), body: .array(docs))
    }

    public func create(fields: [String], storeFields: [String]? = nil) async throws(HyperError) -> JSON {
        var body: JSONObject = ["fields": .array(fields.map(JSON.string))]
        body["storeFields"] = storeFields.map { .array($0.map(JSON.string)) }
        return try await client.call("PUT", try url(), body: .object(body))
    }
}
