import Foundation
import Hummingbird
import HyperJSON
import NIOCore

/// `/search/...` routes (hyper-api.md 4.3).
struct SearchRoutes: Sendable {
    let store: SearchStore

    static let info: JSON = ["name": "hyper63 Search", "version": "1.0", "status": "unstable"]
    static let maxTerms = 256

    /// Its reads of one document are answered by `read`.
    func respond(_ req: NanoRequest, _ path: ArraySlice<String>) async throws -> Response {
        let parts = Array(path)
        switch (req.method, parts.count) {
        case (.get, 0):
            return Reply.json(Self.info)
        case (.put, 1):
            let body = try Arguments(try await req.json())
            guard let fields = try body.stringArray("fields"), !fields.isEmpty else {
                throw HyperFailure.invalidArgument("fields", "Required")
            }
            try await store.create(parts[0], fields: fields, storeFields: try body.stringArray("storeFields") ?? [])
            return Reply.created
        case (.delete, 1):
            try await store.destroy(parts[0])
            return Reply.ok
        case (.post, 1):
            let body = try Arguments(try await req.json())
            let key = try body.requiredString("key")
            try InputRules.checkIdentifier(key, field: "key")
            let doc = try body.requiredObject("doc")
            try InputRules.checkDepth(.object(doc), field: "doc")
            try await store.add(parts[0], key: key, doc: doc)
            return Reply.created
        case (.post, 2) where parts[1] == "_query":
            return try await query(req, index: parts[0])
        case (.post, 2) where parts[1] == "_bulk":
            return try await bulk(req, index: parts[0])
        case (.put, 2):
            // hyper's minisearch answers 501; nano upserts like the elasticsearch adapter.
            let doc = try Arguments(try await req.json(), field: "doc").object
            try InputRules.checkDepth(.object(doc), field: "doc")
            try await store.upsert(parts[0], [(parts[1], doc)])
            return Reply.ok
        case (.delete, 2):
            try await store.remove(parts[0], key: parts[1])
            return Reply.ok
        default:
            throw HyperFailure.routeNotFound
        }
    }

    /// A GET of one document (see `NanoRoutes.read`); nil for other paths.
    func read(_ req: NanoRequest, _ path: ArraySlice<String>) throws -> ByteBuffer? {
        let parts = Array(path)
        guard parts.count == 2 else { return nil }
        return JSONTextBuilder.object(["ok": true, "key": .string(parts[1])], then: "doc", stored: try store.get(parts[0], key: parts[1]))
    }

    private func query(_ req: NanoRequest, index: String) async throws -> Response {
        let body = try Arguments(try await req.json())
        guard let text = try body.string("query"), !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw HyperFailure(422, "query is required!")
        }
        let fields = try body.stringArray("fields")
        // filter: exact match on stored fields only (a non-stored field never matches).
        let filter = try body.object("filter") ?? [:]
        // The `search-limit` extension: the best `limit` matches (MiniSearch has no limit).
        let limit = try body.count("limit")
        let terms = SearchText.terms(text)
        // Each distinct term is a phrase FTS5 looks up and that every match is read for: a 10 MB
        // query of distinct words held a worker for minutes.
        if Set(terms).count > Self.maxTerms {
            throw HyperFailure(400, "query has more than \(Self.maxTerms) different words, the most nano searches for at once")
        }
        return try await req.cancellingOnClose {
            let body = try await store.query(index, terms: terms, fields: fields, filter: filter, limit: limit) { matches in
                let head = "{\"ok\":true,\"matches\":"
                var body = ByteBufferAllocator().buffer(capacity: head.utf8.count + matches.byteCount + 1)
                body.writeString(head)
                matches.write(into: &body)
                body.writeInteger(UInt8(ascii: "}"))
                return body
            }
            return Reply.body(body)
        }
    }

    private func bulk(_ req: NanoRequest, index: String) async throws -> Response {
        let body = try await req.json()
        guard case .array(let items) = body else { throw Arguments.mismatch("docs", "array", body) }
        var docs: [(key: String, doc: JSONObject)] = []
        for (position, item) in items.enumerated() {
            guard case .object(let doc) = item else { throw Arguments.mismatch("docs.\(position)", "object", item) }
            guard let key = (doc["_id"] ?? doc["id"])?.stringValue else {
                throw HyperFailure.invalidArgument("docs.\(position)", "a document needs a string _id or id")
            }
            try InputRules.checkIdentifier(key, field: "docs.\(position)._id")
            try InputRules.checkDepth(.object(doc), field: "docs.\(position)")
            docs.append((key, doc))
        }
        try await store.upsert(index, docs)
        let results = docs.map { JSON.object(["ok": true, "id": .string($0.key)]) }
        return Reply.json(["ok": true, "results": .array(results)], status: 201)
    }
}
