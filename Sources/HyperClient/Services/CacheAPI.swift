import HyperJSON
import HyperModel

/// The cache store of the connection's domain (`/cache/{domain}`).
public struct CacheAPI: PlainCreatableAPI {
    public static let service = HyperService.cache
    public let client: HyperClient

    /// Adds `key` (fails with 409 when it exists). `ttl` is an `ms`-style string: `"10s"`, `"2h"`, `"60000"`.
    public func add(key: String, value: JSON, ttl: String? = nil) async throws(HyperError) -> JSON {
        var body: JSONObject = ["key": .string(key), "value": value]
        body["ttl"] = ttl.map(JSON.string)
        return try await client.call("POST", try url(), body: .object(body))
    }

    /// The value itself, whichever shape the server answers in.
    public func get(_ key: String) async throws(HyperError) -> JSON {
        try await client.read(.cacheValue(key: key))
    }

    /// Sets (upserts) `key`; the ttl travels in the query string.
    public func set(key: String, value: JSON, ttl: String? = nil) async throws(HyperError) -> JSON {
        try await client.call("PUT", try url([key], query: ttl.map { [("ttl", $0)] } ?? []), body: value)
    }

    public func remove(_ key: String) async throws(HyperError) -> JSON {
        try await client.call("DELETE", try url([key]))
    }

    /// Keys matching a `*` glob.
    public func query(pattern: String = "*") async throws(HyperError) -> JSON {
        try await client.read(.cacheQuery(pattern: pattern))
    }
}
