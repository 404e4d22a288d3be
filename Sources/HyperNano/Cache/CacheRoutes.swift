import Hummingbird
import HyperJSON

/// `/cache/...` routes (hyper-api.md 4.2).
struct CacheRoutes: Sendable {
    let store: CacheStore

    /// Its reads of one value are answered by `read`.
    func respond(_ req: NanoRequest, _ path: ArraySlice<String>) async throws -> Response {
        let parts = Array(path)
        switch (req.method, parts.count) {
        case (.get, 0):
            let stores = try await store.storeNames().map(JSON.string)
            return Reply.json(["name": "cache", "version": "0.0.4", "stores": .array(stores)])
        case (.put, 1):
            try await store.create(parts[0])
            return Reply.created
        case (.delete, 1):
            try await store.destroy(parts[0])
            return Reply.ok
        case (.post, 1):
            let body = try Arguments(try await req.json())
            let key = try body.requiredString("key")
            let value = try body.requiredObject("value")
            let expiresAt = try TTL.expiry(try body.string("ttl"))
            try await store.add(parts[0], key: key, value: value, expiresAt: expiresAt)
            return Reply.created
        case (.get, 2) where parts[1] == "_query", (.post, 2) where parts[1] == "_query":
            // The pattern travels in the query string; any body is ignored (as hyper).
            let pairs = try await store.query(parts[0], pattern: req.query("pattern") ?? "*")
            var builder = JSONTextBuilder()
            builder.append("{\"ok\":true,\"docs\":[")
            for (index, pair) in pairs.enumerated() {
                if index > 0 { builder.append(",") }
                builder.appendObject(["key": .string(pair.key)], then: "value", text: pair.value)
            }
            builder.append("]}")
            return Reply.bytes(builder.bytes)
        case (.put, 2):
            let value = try Arguments(try await req.json(), field: "value").object
            let expiresAt = try TTL.expiry(req.query("ttl"))
            try await store.set(parts[0], key: parts[1], value: value, expiresAt: expiresAt)
            return Reply.ok
        case (.delete, 2):
            try await store.remove(parts[0], key: parts[1])
            return Reply.ok
        default:
            throw HyperFailure.routeNotFound
        }
    }

    /// A GET of one value (see `NanoRoutes.read`); nil for other paths (`_query` among them).
    func read(_ req: NanoRequest, _ path: ArraySlice<String>) throws -> ByteBuffer? {
        let parts = Array(path)
        guard parts.count == 2, parts[1] != "_query" else { return nil }
        return LegacyGet.body(try store.get(parts[0], key: parts[1]), request: req)
    }
}
