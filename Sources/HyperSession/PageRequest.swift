import HyperClient
import HyperJSON
import HyperStore

/// Every read the browser and the CLI make that is kept in the page cache (object bytes are
/// not: they are downloads, not pages).
///
/// Document reads (`dataDocument`, `cacheValue`, `searchDocument`) yield the document itself
/// (for the cache: the value), whether it comes from the server, from its own cached answer, or
/// from a cached list page that holds it.
public enum PageRequest: Sendable, Equatable {
    case dataList(ListOptions)
    case dataQuery(DataQuery)
    case dataDocument(id: String)
    case cacheQuery(pattern: String)
    case cacheValue(key: String)
    case searchQuery(text: String, fields: [String]? = nil, filter: JSON? = nil)
    case searchDocument(key: String)
    case queueJobs(QueueJobStatus)
    case storageList(prefix: String)

    public enum QueueJobStatus: String, Sendable, CaseIterable {
        case ready = "READY", error = "ERROR"
    }

    public var service: HyperService {
        switch self {
        case .dataList, .dataQuery, .dataDocument: .data
        case .cacheQuery, .cacheValue: .cache
        case .searchQuery, .searchDocument: .search
        case .queueJobs: .queue
        case .storageList: .storage
        }
    }

    /// The document id when this reads one document.
    public var documentID: String? {
        switch self {
        case .dataDocument(let id): id
        case .cacheValue(let key), .searchDocument(let key): key
        default: nil
        }
    }

    /// The cache key: the request as the server sees it (method, path, parameters, body).
    /// The parameters are spelled as HyperClient sends them (its encoders are internal to it);
    /// the key only has to be canonical and distinct, so a drift would cost cache hits, not data.
    public var cacheKey: RequestKey {
        let service = self.service.rawValue
        switch self {
        case .dataList(let options):
            var query: [(String, String)] = []
            if let startkey = options.startkey { query.append(("startkey", startkey)) }
            if let endkey = options.endkey { query.append(("endkey", endkey)) }
            if let limit = options.limit { query.append(("limit", String(limit))) }
            if let keys = options.keys { query.append(("keys", keys.joined(separator: ","))) }
            if options.descending { query.append(("descending", "true")) }
            return RequestKey(service: service, query: query)
        case .dataQuery(let q):
            var body: JSONObject = [:]
            body["selector"] = q.selector
            body["fields"] = q.fields.map { .array($0.map(JSON.string)) }
            body["sort"] = q.sort
            body["limit"] = q.limit.map { .number(JSONNumber($0)) }
            body["skip"] = q.skip.map { .number(JSONNumber($0)) }
            body["use_index"] = q.useIndex.map(JSON.string)
            return RequestKey(service: service, method: "POST", path: ["_query"], body: .object(body))
        case .cacheQuery(let pattern):
            return RequestKey(service: service, method: "POST", path: ["_query"], query: [("pattern", pattern)])
        case .searchQuery(let text, let fields, let filter):
            var body: JSONObject = ["query": .string(text)]
            body["fields"] = fields.map { .array($0.map(JSON.string)) }
            body["filter"] = filter
            return RequestKey(service: service, method: "POST", path: ["_query"], body: .object(body))
        case .queueJobs(let status):
            return RequestKey(service: service, query: [("status", status.rawValue)])
        case .storageList(let prefix):
            return RequestKey(service: service, query: [("prefix", prefix)])
        case .dataDocument(let id), .cacheValue(let id), .searchDocument(let id):
            return .document(service: service, id: id)
        }
    }

    /// Asks the server. The answer is stored as the server gave it (so the cache can find the
    /// documents inside it); `document(in:)` turns it into what the caller is shown.
    func fetch(with client: HyperClient) async throws(HyperError) -> JSON {
        switch self {
        case .dataList(let options): try await client.data.list(options)
        case .dataQuery(let query): try await client.data.query(query)
        case .dataDocument(let id): try await client.data.get(id)
        case .cacheQuery(let pattern): try await client.cache.query(pattern: pattern)
        case .cacheValue(let key): try await client.cache.get(key)
        case .searchQuery(let text, let fields, let filter): try await client.search.query(text, fields: fields, filter: filter)
        case .searchDocument(let key): try await client.search.get(key)
        case .queueJobs(.ready): try await client.queue.queued()
        case .queueJobs(.error): try await client.queue.errors()
        case .storageList(let prefix): try await client.storage.list(prefix: prefix)
        }
    }

    /// What the caller sees of a stored answer: a search document answer is `{ok, key, doc}`,
    /// shown as its `doc` so every document read yields the document itself.
    func shown(_ answer: JSON) -> JSON {
        if case .searchDocument = self, answer["ok"] != nil, let doc = answer["doc"] { return doc }
        return answer
    }
}
