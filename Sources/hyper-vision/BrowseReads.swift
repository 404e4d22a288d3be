import HyperClient
import HyperJSON
import HyperSession
import VisionCore
import VisionTerminal

/// The browser's reads that the page cache keeps: each becomes a HyperSession `PageRequest`
/// (stale-while-revalidate: the cached answer at once, then the server's), and every answer,
/// cached or fresh, becomes the same `Response`.
enum BrowseReads {
    /// The page request for `request`; nil for requests that are not cached pages.
    static func page(_ request: Request) -> PageRequest? {
        switch request {
        case .listDocs(let startkey, let limit):
            .dataList(ListOptions(startkey: startkey, endkey: nil, limit: limit, keys: nil, descending: false))
        case .queryDocs(let query):
            .dataQuery(dataQuery(query))
        case .getDoc(let id): .dataDocument(id: id)
        case .cacheQuery(let pattern): .cacheQuery(pattern: pattern)
        case .cacheGet(let key): .cacheValue(key: key)
        case .search(let text, let fields, let filter): .searchQuery(text: text, fields: fields, filter: filter)
        case .searchGet(let key): .searchDocument(key: key)
        case .storageList(let prefix): .storageList(prefix: prefix)
        default: nil
        }
    }

    /// The queue pane shows READY and ERROR jobs together: two cached pages read side by side.
    static func isQueueListing(_ request: Request) -> Bool {
        if case .queueJobs = request { return true }
        return false
    }

    static func dataQuery(_ query: DocQuery) -> DataQuery {
        DataQuery(selector: query.selector, fields: query.fields, sort: query.sort, limit: query.limit,
                  skip: query.skip, useIndex: nil)
    }

    /// What the browser is shown of an answer to `request` (documents are already unwrapped).
    static func response(_ request: Request, answer: JSON) -> Response {
        switch request {
        case .listDocs, .queryDocs:
            .docs(answer["docs"]?.arrayValue ?? [])
        case .cacheQuery:
            .cacheEntries((answer["docs"]?.arrayValue ?? []).compactMap { doc in
                doc["key"]?.stringValue.map { CacheEntry(key: $0, value: doc["value"] ?? .null) }
            })
        case .cacheGet:
            .cacheValue(answer)
        case .search:
            .matches(answer["matches"]?.arrayValue ?? [])
        case .storageList:
            .objects((answer["objects"]?.arrayValue ?? []).compactMap(BrowseWorker.object))
        default:
            .document(answer)
        }
    }

    /// The queue listing: both pages' cached answers at once when both are cached, then the
    /// server's two answers, or why there are none.
    static func readQueue(id: RequestID, session: AppSession, mailbox: Mailbox) async {
        var ready = session.read(.queueJobs(.ready)).makeAsyncIterator()
        var errors = session.read(.queueJobs(.error)).makeAsyncIterator()
        var (readyStep, errorStep) = (await ready.next(), await errors.next())
        if case .cached(let readyJobs, let readyAge)? = readyStep, case .cached(let errorJobs, let errorAge)? = errorStep {
            mailbox.post(.cached(id, jobs(readyJobs, errorJobs), age: max(readyAge, errorAge)))
        }
        if case .cached? = readyStep { readyStep = await ready.next() }
        if case .cached? = errorStep { errorStep = await errors.next() }
        switch (readyStep, errorStep) {
        case (.fresh(let readyJobs)?, .fresh(let errorJobs)?):
            mailbox.post(.response(id, jobs(readyJobs, errorJobs)))
        case (.failed(let error)?, _), (_, .failed(let error)?):
            mailbox.post(.failed(id, BrowseWorker.describe(error)))
        case (.offline(let reason)?, _), (_, .offline(let reason)?):
            mailbox.post(.failed(id, ErrorInfo(status: nil, message: reason, unreachable: true)))
        default:
            mailbox.post(.failed(id, ErrorInfo(status: nil, message: "cancelled")))
        }
    }

    static func jobs(_ ready: JSON, _ errors: JSON) -> Response {
        .jobs(ready: ready["jobs"]?.arrayValue ?? [], errors: errors["jobs"]?.arrayValue ?? [])
    }

    /// Runs `page` through the session and posts each step: the cached answer (the request keeps
    /// running), then the server's, or why there is none.
    static func read(_ page: PageRequest, for request: Request, id: RequestID, session: AppSession, mailbox: Mailbox) async {
        for await update in session.read(page) {
            switch update {
            case .cached(let answer, let age):
                mailbox.post(.cached(id, response(request, answer: answer), age: age))
            case .fresh(let answer):
                mailbox.post(.response(id, response(request, answer: answer)))
            case .offline(let reason):
                mailbox.post(.failed(id, ErrorInfo(status: nil, message: reason, unreachable: true)))
            case .failed(let error):
                mailbox.post(.failed(id, BrowseWorker.describe(error)))
            }
        }
    }
}
