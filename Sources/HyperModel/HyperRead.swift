import HyperJSON

/// Every read of a page the browser and the CLI make: the description the session caches,
/// the client sends and the browser's effects carry (object bytes are not pages: they are
/// downloads). `call` is the one encoder of each.
public enum HyperRead: Sendable, Equatable {
    case dataList(ListOptions)
    case dataQuery(DataQuery)
    case dataDocument(id: String)
    case cacheQuery(pattern: String)
    case cacheValue(key: String)
    /// `limit`: at most that many matches, the best (nano's `search-limit` extension, else cut
    /// by the client).
    case searchQuery(text: String, fields: [String]? = nil, filter: JSON? = nil, limit: Int? = nil)
    case searchDocument(key: String)
    case queueJobs(QueueJobStatus)
    case storageList(prefix: String)

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

    /// The request on the wire (and the page cache's key).
    public var call: HyperCall {
        switch self {
        case .dataList(let options):
            HyperCall(.data, query: options.query)
        case .dataQuery(let query):
            HyperCall(.data, "POST", path: ["_query"], body: query.body)
        case .dataDocument(let id):
            HyperCall(.data, path: [id], asksForDocumentEnvelope: true)
        case .cacheQuery(let pattern):
            // The pattern is always sent: hyper's sqlite adapter fails without it.
            HyperCall(.cache, "POST", path: ["_query"], query: [("pattern", pattern)])
        case .cacheValue(let key):
            HyperCall(.cache, path: [key], asksForDocumentEnvelope: true)
        case .searchQuery(let text, let fields, let filter, let limit):
            HyperCall(.search, "POST", path: ["_query"], body: Self.searchBody(text, fields, filter, limit))
        case .searchDocument(let key):
            HyperCall(.search, path: [key])
        case .queueJobs(let status):
            HyperCall(.queue, query: [("status", status.rawValue)])
        case .storageList(let prefix):
            HyperCall(.storage, query: [("prefix", prefix)])
        }
    }

    /// What an answer to this read holds, typed.
    public func decode(_ answer: JSON) -> ReadAnswer {
        switch self {
        case .dataList, .dataQuery:
            .documents(Envelope.list(of: answer)?.items ?? [])
        case .dataDocument, .cacheValue, .searchDocument:
            .document(Envelope.document(of: answer))
        case .cacheQuery:
            .cacheEntries((Envelope.list(of: answer)?.items ?? []).compactMap(CacheEntry.init(item:)))
        case .searchQuery:
            .matches(Envelope.list(of: answer)?.items ?? [])
        case .queueJobs:
            .jobs(Envelope.list(of: answer)?.items ?? [])
        case .storageList:
            .objects((Envelope.list(of: answer)?.items ?? []).compactMap(StorageObject.init(item:)))
        }
    }

    private static func searchBody(_ text: String, _ fields: [String]?, _ filter: JSON?, _ limit: Int?) -> JSON {
        var body: JSONObject = ["query": .string(text)]
        body["fields"] = fields.map { .array($0.map(JSON.string)) }
        body["filter"] = filter
        body["limit"] = limit.map { JSON($0) }
        return .object(body)
    }
}

/// A read's answer, typed: what the browser shows.
public enum ReadAnswer: Sendable, Equatable {
    case documents([JSON])
    case document(JSON)
    case cacheEntries([CacheEntry])
    case matches([JSON])
    case jobs([JSON])
    case objects([StorageObject])
}

/// One cache key and its value, as the cache query returns them.
public struct CacheEntry: Sendable, Equatable {
    public let key: String
    public let value: JSON
    /// Known only for keys this tool wrote (the server does not report TTLs).
    public var ttl: String?
    public init(key: String, value: JSON, ttl: String? = nil) { self.key = key; self.value = value; self.ttl = ttl }

    init?(item: JSON) {
        guard let key = item["key"]?.stringValue else { return nil }
        self.init(key: key, value: item["value"] ?? .null)
    }
}

/// One stored object, from the storage listing (a nano extension) or seen by this tool.
public struct StorageObject: Sendable, Equatable {
    public let name: String
    public let size: Int64?
    public let modified: String?
    public let contentType: String?
    public init(name: String, size: Int64?, modified: String?, contentType: String?) {
        self.name = name; self.size = size; self.modified = modified; self.contentType = contentType
    }

    init?(item: JSON) {
        guard let name = item["name"]?.stringValue else { return nil }
        self.init(name: name, size: item["size"]?.numberValue?.int.map(Int64.init),
                  modified: item["modified"]?.stringValue, contentType: item["contentType"]?.stringValue)
    }
}
