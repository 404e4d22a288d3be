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

    /// Sets (upserts) `key`; the ttl travels in the query string. hyper's sqlite cache merges a
    /// PUT into the old value, so a field the value leaves out stays (hyper-2026.md H5): unless the
    /// server announces a set that replaces (`cache-replace`), the value is read back, and fields
    /// it kept make the answer carry a `warning` naming them.
    public func set(key: String, value: JSON, ttl: String? = nil) async throws(HyperError) -> JSON {
        var answer = try await client.call("PUT", try url([key], query: ttl.map { [("ttl", $0)] } ?? []), body: value)
        guard try await !client.announces("cache-replace"), case .object(let sent) = value,
              case .object(let stored) = try await get(key) else { return answer }
        let kept = stored.keys.filter { sent[$0] == nil }
        if !kept.isEmpty {
            answer["warning"] = .string("the server kept \(kept.map { "'\($0)'" }.joined(separator: ", ")), which the value left out "
                + "(it merges a set into the old value): remove the key and add it again to drop them")
        }
        return answer
    }

    public func remove(_ key: String) async throws(HyperError) -> JSON {
        try await client.call("DELETE", try url([key]))
    }

    /// Keys matching a `*` glob.
    public func query(pattern: String = "*") async throws(HyperError) -> JSON {
        try await client.read(.cacheQuery(pattern: pattern))
    }
}
