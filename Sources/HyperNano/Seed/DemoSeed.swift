import Foundation
import HyperJSON

/// `--seed demo`: loads the deterministic sample into the domain's five services (see
/// COMMON.md). Writes are upserts, so seeding an existing domain again refreshes it.
struct DemoSeed {
    let services: NanoServices
    let domain: String
    let baseURL: String
    let size: Int

    /// The second demo queue, whose nano-served worker accepts every job.
    var okQueue: String { domain + "-ok" }

    /// Documents per transaction. One transaction for the whole seed held every document in
    /// memory and grew the WAL to the size of the data (1M documents: 1.7 GB resident, a 391 MB
    /// WAL); batches bound both.
    static let batchSize = 5_000

    func load() async throws {
        var generator = DemoData(count: size)
        var firstBatch: [JSONObject]?
        while case let docs = generator.next(Self.batchSize), !docs.isEmpty {
            _ = try await services.data.bulk(domain, docs)
            try await loadSearch(docs)
            if firstBatch == nil { firstBatch = docs }
        }
        // The cache and the storage sample take their documents from the front.
        try await loadCache(firstBatch ?? [])
        try loadStorage(firstBatch ?? [])
        try await loadQueues()
    }

    private func loadCache(_ docs: [JSONObject]) async throws {
        let movies = docs.filter { $0["type"] == "movie" }.prefix(20)
        for movie in movies {
            guard let id = movie["_id"]?.stringValue else { continue }
            let value: JSONObject = ["title": movie["title"] ?? .null, "year": movie["year"] ?? .null]
            try await services.cache.set(domain, key: id, value: value, expiresAt: nil)
        }
        let withTTL: [(String, JSONObject, String)] = [
            ("session-ada", ["user": "user-0001", "theme": "dark"], "1h"),
            ("session-grace", ["user": "user-0002", "theme": "light"], "2h"),
            ("rate-limit/api", ["remaining": 42, "window": "1m"], "10m"),
            ("feature-flags", ["search": true, "betaUI": false], "7d"),
        ]
        for (key, value, ttl) in withTTL {
            try await services.cache.set(domain, key: key, value: value, expiresAt: try TTL.expiry(ttl))
        }
        try await services.cache.set(domain, key: "config-app", value: ["name": "demo", "version": "1.2.3"], expiresAt: nil)
    }

    private func loadSearch(_ docs: [JSONObject]) async throws {
        let movies = docs.filter { $0["type"] == "movie" }.compactMap { movie -> (key: String, doc: JSONObject)? in
            guard let id = movie["_id"]?.stringValue else { return nil }
            return (id, ["title": movie["title"] ?? "", "type": "movie", "body": movie["body"] ?? "", "year": movie["year"] ?? .null])
        }
        try await services.search.upsert(domain, movies)
    }

    private func loadStorage(_ docs: [JSONObject]) throws {
        let sample = JSON.array(docs.prefix(10).map(JSON.object))
        let files: [(String, [UInt8])] = [
            ("readme.txt", Array("hyper-vision nano demo bucket.\nText, JSON and PNG files, some in folders.\n".utf8)),
            ("notes/todo.txt", Array("- watch 千と千尋の神隠し\n- read the hyper docs\n- ship it 🚀\n".utf8)),
            ("data/config.json", Array(JSON.object(["theme": "dark", "pageSize": 50, "domains": ["test"]]).pretty().utf8)),
            ("data/movies-sample.json", Array(sample.pretty().utf8)),
            ("images/logo.png", PNGImage.encode(width: 64, height: 64) { x, y in
                (UInt8(x * 4), UInt8(y * 4), UInt8(255 - x * 2))
            }),
            ("images/banner.png", PNGImage.encode(width: 320, height: 80) { x, y in
                ((x / 20 + y / 20) % 2 == 0 ? (30, 30, 60) : (240, 200, 40))
            }),
        ]
        for (name, bytes) in files {
            let path = try services.storage.objectPath(domain, name)
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
        }
    }

    /// Queue `<domain>` delivers to nano's flaky worker (first delivery of each job fails),
    /// queue `<domain>-ok` to the accepting one; each gets demo jobs when it has none.
    private func loadQueues() async throws {
        for (queue, path) in [(domain, NanoTargets.flakyPath), (okQueue, NanoTargets.acceptPath)] {
            let key = services.routes.targets.deliveryKey
            if try await !services.queue.exists(queue) {
                try await services.queue.create(queue, target: baseURL + path, secret: key)
            } else {
                try await services.queue.setTarget(queue, target: baseURL + path, secret: key)
            }
            let ready = try await services.queue.list(queue, status: .ready)
            let errored = try await services.queue.list(queue, status: .error)
            guard ready.isEmpty, errored.isEmpty else { continue }
            let jobs: [JSONObject] = [
                ["type": "NEW_MOVIE", "id": "movie-0001"],
                ["type": "SEND_EMAIL", "to": "user1@example.com", "template": "welcome"],
                ["type": "REINDEX", "index": .string(domain), "full": true],
                ["type": "THUMBNAIL", "object": "images/logo.png", "sizes": [64, 128]],
            ]
            for job in jobs { _ = try await services.queue.enqueue(queue, job: job) }
        }
    }
}
