import Foundation
import GRDB
import HyperJSON
import Logging

/// The stores and their routes, and the per-domain setup done on start.
struct NanoServices: Sendable {
    let data: DataStore
    let cache: CacheStore
    let search: SearchStore
    let storage: StorageStore
    let queue: QueueStore
    let dispatcher: QueueDispatcher
    let routes: NanoRoutes

    /// The search index every domain gets (as hyper nano's `--search` with these fields).
    static let searchFields = ["title", "type", "body"]
    static let searchStoreFields = ["title", "type"]

    init(pool: DatabasePool, commits: Commits, directory: String, queryTimeout: Duration, deliveryTimeout: Duration, maxAnswerBytes: Int,
         logger: Logger) throws {
        // The hot reads' and the searches' own connections, shared by the stores.
        let reader = SQLiteReader(path: pool.path, commits: commits, prepare: SearchFound.register)
        data = DataStore(pool: pool, reader: reader, queryTimeout: queryTimeout, maxAnswerBytes: maxAnswerBytes)
        cache = CacheStore(pool: pool, reader: reader, maxAnswerBytes: maxAnswerBytes)
        search = SearchStore(pool: pool, reader: reader, queryTimeout: queryTimeout, maxAnswerBytes: maxAnswerBytes)
        storage = try StorageStore(directory: directory)
        queue = QueueStore(pool: pool, maxAnswerBytes: maxAnswerBytes)
        dispatcher = QueueDispatcher(store: queue, poster: WebhookPoster(timeout: deliveryTimeout), logger: logger)
        routes = NanoRoutes(
            instance: try NanoInstance.load(directory: directory),
            data: DataRoutes(store: data), cache: CacheRoutes(store: cache), search: SearchRoutes(store: search),
            storage: StorageRoutes(store: storage), queue: QueueRoutes(store: queue, dispatcher: dispatcher),
            targets: NanoTargets(pool: pool))
    }

    /// Creates whichever of the domain's five services does not exist yet.
    func ensure(domain: String, baseURL: String) async throws {
        try await queue.rebaseNanoTargets(baseURL: baseURL, deliveryKey: routes.targets.deliveryKey)
        if try await !data.exists(domain) { try await data.create(domain) }
        if try await !cache.exists(domain) { try await cache.create(domain) }
        if try await !search.exists(domain) {
            try await search.create(domain, fields: Self.searchFields, storeFields: Self.searchStoreFields)
        }
        if !storage.bucketExists(domain) { try storage.makeBucket(domain) }
        if try await !queue.exists(domain) {
            try await queue.create(domain, target: baseURL + NanoTargets.acceptPath, secret: routes.targets.deliveryKey)
        }
    }

    /// Empties the domain's services (`--purge`).
    func purge(domain: String) async throws {
        try await data.purge(domain)
        try await cache.purge(domain)
        try await search.purge(domain)
        if storage.bucketExists(domain) { try storage.purge(domain) }
        try await queue.purge(domain)
    }
}
