import Foundation
import Hummingbird
import HyperJSON
import HyperQuery

/// `/data/...` routes (hyper-api.md 4.1).
struct DataRoutes: Sendable {
    let store: DataStore

    static let info: JSON = ["name": "hyper Data", "version": "1.0.1", "status": "unstable"]

    /// `path` is what follows `/data`. Its reads are answered by `read`.
    func respond(_ req: NanoRequest, _ path: ArraySlice<String>) async throws -> Response {
        let parts = Array(path)
        switch (req.method, parts.count) {
        case (.get, 0):
            return Reply.json(Self.info)
        case (.put, 1):
            try await store.create(parts[0])
            return Reply.created
        case (.delete, 1):
            try await store.destroy(parts[0])
            return Reply.ok
        case (.post, 1):
            return try await add(req, db: parts[0])
        case (.post, 2) where parts[1] == "_query":
            return try await query(req, db: parts[0])
        case (.post, 2) where parts[1] == "_index":
            return try await index(req, db: parts[0])
        case (.post, 2) where parts[1] == "_bulk":
            return try await bulk(req, db: parts[0])
        case (.put, 2):
            let doc = try Arguments(try await req.json(limit: BodyLimit.document), field: "doc").object
            try await store.replace(parts[0], parts[1], doc)
            return Reply.json(["ok": true, "id": .string(parts[1])])
        case (.delete, 2):
            try await store.remove(parts[0], parts[1])
            return Reply.json(["ok": true, "id": .string(parts[1])])
        default:
            throw HyperFailure.routeNotFound
        }
    }

    /// A GET of a list or a document (see `NanoRoutes.read`); nil for other paths.
    func read(_ req: NanoRequest, _ path: ArraySlice<String>) throws -> ByteBuffer? {
        let parts = Array(path)
        switch parts.count {
        case 1: return try list(req, db: parts[0])
        case 2: return LegacyGet.body(try store.get(parts[0], parts[1]), request: req)
        default: return nil
        }
    }

    private func add(_ req: NanoRequest, db: String) async throws -> Response {
        let doc = try Arguments(try await req.json(limit: BodyLimit.document), field: "doc").object
        if doc.isEmpty { throw HyperFailure(400, "document empty") }
        let id = try await store.add(db, doc)
        return Reply.json(["ok": true, "id": .string(id)], status: 201)
    }

    /// A list's query parameters, in the order `list` reads them.
    private static let listParameters = ["startkey", "endkey", "keys", "limit", "descending"]

    private func list(_ req: NanoRequest, db: String) throws -> ByteBuffer {
        let (values, repeated) = req.queryValues(Self.listParameters)
        // hyper's port rejects a repeated parameter with 422
        if let repeated { throw HyperFailure.invalidArgument(repeated, "Expected string, received array") }
        var options = DataStore.ListOptions()
        options.startkey = values[0]
        options.endkey = values[1]
        if var keys = values[2] {
            // Split as bytes: splitting Characters (grapheme breaking) took 4,400 instructions
            // for one key, 4% of the list, and the UTF-8 view's index walk 600. A comma is one
            // byte in UTF-8 and part of no other scalar, so each piece is whole UTF-8; hyper
            // splits at every comma too (a comma before a combining mark included).
            options.keys = keys.withUTF8 { bytes in
                bytes.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: true).map { String(decoding: $0, as: UTF8.self) }
            }
        }
        for bound in [options.startkey, options.endkey] {
            if let bound, !bound.isEmpty { try InputRules.checkIdentifier(bound, field: "keys") }
        }
        for key in options.keys ?? [] { try InputRules.checkIdentifier(key, field: "keys") }
        if let limit = values[3] { options.limit = try Arguments.count(limit, field: "limit") }
        if let descending = values[4] {
            // Sane where hyper is not: `descending=false` means ascending (hyper does Boolean("false")).
            switch descending.lowercased() {
            case "true", "1", "": options.descending = true
            case "false", "0": options.descending = false
            default: throw HyperFailure.invalidArgument("descending", "Expected boolean, received '\(descending)'")
            }
        }
        return JSONTextBuilder.okList("docs", try store.list(db, options))
    }

    private func query(_ req: NanoRequest, db: String) async throws -> Response {
        let body = try Arguments(try await req.json())
        // use_index / useIndex name an index; SQLite's planner picks indexes itself, so they are
        // only type-checked.
        _ = try body.string("use_index")
        _ = try body.string("useIndex")
        if let limit = body.value("limit") { _ = try Arguments(["limit": limit]).count("limit") }
        if let skip = body.value("skip") { _ = try Arguments(["skip": skip]).count("skip") }
        _ = try body.stringArray("fields")
        if let sort = body.value("sort"), sort.arrayValue == nil { throw Arguments.mismatch("sort", "array", sort) }
        let query: MangoQuery
        do {
            query = try MangoQuery(
                selector: body.value("selector"), sort: body.value("sort"), fields: body.value("fields"),
                limit: body.value("limit"), skip: body.value("skip"))
        } catch {
            throw HyperFailure(error.status, error.message)
        }
        let projected = body.value("fields") != nil
        return try await req.cancellingOnClose {
            Reply.body(JSONTextBuilder.okList("docs", try await store.query(db, query, projected: projected)))
        }
    }

    private func index(_ req: NanoRequest, db: String) async throws -> Response {
        let body = try Arguments(try await req.json())
        // The old hyper-test client sent {index:{fields},name}.
        let legacy = try body.object("index")?["fields"]
        guard let fields = body.value("fields") ?? legacy else { throw HyperFailure.invalidArgument("fields", "Required") }
        let name = try body.requiredString("name")
        try InputRules.checkIdentifier(name, field: "name")
        try await store.createIndex(db, name: name, fields: fields, partialFilter: try body.object("partialFilter"))
        return Reply.created
    }

    private func bulk(_ req: NanoRequest, db: String) async throws -> Response {
        let body = try await req.json()
        guard case .array(let items) = body else { throw Arguments.mismatch("docs", "array", body) }
        var docs: [JSONObject] = []
        for (index, item) in items.enumerated() {
            guard case .object(let doc) = item else { throw Arguments.mismatch("docs.\(index)", "object", item) }
            docs.append(doc)
        }
        let ids = try await store.bulk(db, docs)
        let results = ids.map { JSON.object(["ok": true, "id": .string($0)]) }
        return Reply.json(["ok": true, "results": .array(results)], status: 201)
    }
}

/// hyper's legacy GET (hyper-api.md 3.1): the raw document unless `X-HYPER-LEGACY-GET` is
/// something other than `true`, then `{ok:true,doc}`.
enum LegacyGet {
    /// The answer's body: `stored`, the document as it is stored, or it wrapped.
    static func body(_ stored: ByteBuffer, request: NanoRequest) -> ByteBuffer {
        guard let header = request.header("X-HYPER-LEGACY-GET"),
            header.trimmingCharacters(in: .whitespaces) != "true"
        else { return stored }
        return JSONTextBuilder.object(["ok": true], then: "doc", stored: stored)
    }
}
