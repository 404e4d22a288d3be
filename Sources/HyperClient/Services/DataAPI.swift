import HyperJSON
import HyperModel

/// The data service of the connection's domain (`/data/{domain}`).
public struct DataAPI: PlainCreatableAPI {
    public static let service = HyperService.data
    public let client: HyperClient

    /// `POST` a document; the answer is `{ok, id}`.
    public func add(_ doc: JSON) async throws(HyperError) -> JSON {
        try await client.call("POST", try url(), body: doc)
    }

    /// The document itself, whichever shape the server answers in.
    public func get(_ id: String) async throws(HyperError) -> JSON {
        try await client.read(.dataDocument(id: id))
    }

    public func list(_ options: ListOptions = .init()) async throws(HyperError) -> JSON {
        try await client.read(.dataList(options))
    }

    /// Replaces (upserts) the document with `id`.
    public func update(_ id: String, _ doc: JSON) async throws(HyperError) -> JSON {
        try await client.call("PUT", try url([id]), body: doc)
    }

    public func remove(_ id: String) async throws(HyperError) -> JSON {
        try await client.call("DELETE", try url([id]))
    }

    public func query(_ query: DataQuery) async throws(HyperError) -> JSON {
        try await client.read(.dataQuery(query))
    }

    /// Creates index `name` on `fields` (`["a","b"]` or `[{"a":"DESC"}]`).
    public func index(name: String, fields: JSON, partialFilter: JSON? = nil) async throws(HyperError) -> JSON {
        var body: JSONObject = ["fields": fields, "name": .string(name)]
        body["partialFilter"] = partialFilter
        return try await client.call("POST", try url(["_index"]), body: .object(body))
    }

    /// Upserts every doc (each needs `_id`); `{_id, _deleted:true}` deletes.
    public func bulk(_ docs: [JSON]) async throws(HyperError) -> JSON {
        try await client.call("POST", try url(["_bulk"]), body: .array(docs))
    }
}
