import Foundation
import GRDB
import HyperJSON
import HyperModel

/// The local page cache: every answer browsed, keyed by app and request, searchable with FTS5,
/// bounded by a size cap with least-recently-used eviction.
///
/// The file is created 0600 (as are its `-wal`/`-shm`). All methods are synchronous and safe to
/// call from any thread or task; with `.concurrent` access, lookups and `find` run while a store writes.
public final class PageCache: Sendable {
    public static let defaultSizeCap = 200 * 1024 * 1024

    public var path: String { file.path }
    /// Bytes (answers plus indexed text) kept before least-recently-used pages are evicted.
    /// The file is larger by SQLite's and FTS5's own structures: measured ~1.36x with 50-doc
    /// movie pages, so the default 200 MB cap means a file of roughly 270 MB.
    public let sizeCap: Int
    private let file: StoreFile
    private let now: @Sendable () -> Date

    public init(path: String, sizeCap: Int = PageCache.defaultSizeCap, access: StoreAccess = .concurrent,
                now: @escaping @Sendable () -> Date = { Date() }) throws(StoreError) {
        self.sizeCap = max(0, sizeCap)
        self.now = now
        file = try StoreFile(path: path, migrator: PageCacheSchema.migrator, access: access,
                             incrementalVacuum: true, durable: false)
    }

    // MARK: store and lookup

    /// Stores (or replaces) the answer of `request`, indexes its documents, then evicts
    /// least-recently-used pages while the cache is over its cap. Returns the pages evicted.
    /// An answer equal to the one stored only renews the page's time and use. `fetchedAt`: when
    /// the server gave the answer (now when nil; earlier for a page from the `PageInbox`): a
    /// page fetched later than that is kept as it is.
    @discardableResult
    public func store(app: AppKey, request: RequestKey, answer: JSON, fetchedAt: Date? = nil) throws(StoreError) -> Int {
        let body = answer.compact
        let requestText = request.json.compact
        let time = (fetchedAt ?? now()).timeIntervalSince1970
        return try write { db in
            // The statements every store runs are prepared once per connection (cachedStatement):
            // the browser stores a page for each it shows.
            if let previous = try Row.fetchOne(db.cachedStatement(sql: "SELECT id, body = ?, fetchedAt FROM page WHERE app = ? AND requestKey = ?"),
                                               arguments: [body, app.id, request.canonical]) {
                let previousID: Int64 = previous[0]
                let unchanged: Bool = previous[1]
                // Only a page fetched earlier is compared: an answer just fetched is the newest
                // whatever the clock says (it may have been set back).
                if fetchedAt != nil, (previous[2] as Double) > time { return 0 }
                if unchanged {
                    // The same answer again, as most refreshes bring: its documents and their index
                    // stand. Rewriting them was most of a store's work (FTS5 deletes, inserts, merges).
                    try db.cachedStatement(sql: "UPDATE page SET fetchedAt = ?, lastAccess = ?, accessOrder = ? WHERE id = ?")
                        .execute(arguments: [time, time, try Self.nextAccessOrder(db), previousID])
                    return try self.evictIfNeeded(db, keeping: previousID)
                }
                try Self.deletePages([previousID], in: db)
            }
            try db.cachedStatement(sql: """
                INSERT INTO page (app, service, requestKey, request, body, fetchedAt, lastAccess, accessOrder, bytes, isDocument)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?)
                """).execute(arguments: [app.id, request.service.rawValue, request.canonical, requestText, body, time, time,
                                         try Self.nextAccessOrder(db), request.documentID != nil])
            let pageID = db.lastInsertedRowID
            // Extracted only now: a renewed page needs none of it.
            let documents = PageDocuments.extract(request: request, answer: answer)
            try Self.index(documents, pageID: pageID, app: app, service: request.service, bodyBytes: body.utf8.count, in: db)
            return try self.evictIfNeeded(db, keeping: pageID)
        }
    }

    /// The cached answer of `request`, or nil. Marks the page as recently used.
    public func lookup(app: AppKey, request: RequestKey) throws(StoreError) -> CachedPage? {
        let time = now()
        return try write { db -> CachedPage? in
            guard let row = try Row.fetchOne(db, sql: "SELECT id, body, fetchedAt FROM page WHERE app = ? AND requestKey = ?",
                                             arguments: [app.id, request.canonical]) else { return nil }
            let pageID: Int64 = row["id"]
            guard let answer = try? JSON.parse(row["body"] as String) else {
                // The cache is disposable: an unreadable page is dropped, not reported.
                try Self.deletePages([pageID], in: db)
                return nil
            }
            try Self.touch(pageID, at: time, in: db)
            let fetchedAt = Date(timeIntervalSince1970: row["fetchedAt"])
            return CachedPage(request: request, answer: answer, fetchedAt: fetchedAt,
                              age: max(0, time.timeIntervalSince(fetchedAt)))
        }
    }

    /// Document `id` of `service` from any cached answer holding it, for opening a document
    /// offline that was only seen in a list. Prefers the document's own answer (a search match
    /// holds only the index's stored fields), then the most recently fetched. Marks that page used.
    /// The result's `answer` is the document itself; its `request` the answer it came from.
    public func cachedDocument(app: AppKey, service: HyperService, id: String) throws(StoreError) -> CachedPage? {
        let time = now()
        return try write { db -> CachedPage? in
            let rows = try Row.fetchAll(db, sql: """
                SELECT DISTINCT p.id, p.request, p.body, p.fetchedAt, p.isDocument FROM page p
                JOIN document d ON d.pageId = p.id
                WHERE d.app = ? AND d.service = ? AND d.docId = ?
                ORDER BY p.isDocument DESC, p.fetchedAt DESC
                """, arguments: [app.id, service.rawValue, id])
            for row in rows {
                guard let requestJSON = try? JSON.parse(row["request"] as String),
                      let request = RequestKey(json: requestJSON),
                      let answer = try? JSON.parse(row["body"] as String),
                      let document = PageDocuments.document(id: id, request: request, answer: answer) else { continue }
                try Self.touch(row["id"], at: time, in: db)
                let fetchedAt = Date(timeIntervalSince1970: row["fetchedAt"])
                return CachedPage(request: request, answer: document, fetchedAt: fetchedAt,
                                  age: max(0, time.timeIntervalSince(fetchedAt)))
            }
            return nil
        }
    }

    // MARK: find

    /// Documents of `app` (all services) whose text matches every word of `text` (as prefixes),
    /// one hit per document even when several pages hold it.
    ///
    /// Order: best first (bm25) when the words match fewer than `rankedMatchLimit` cached
    /// documents; above that, most recently cached first. Ranking costs about 3 µs per match
    /// (bm25 reads each match's size), so ranking 100,000 matches would take ~300 ms against a
    /// 50 ms goal, while merely streaming a word's matches costs ~10 ms.
    public func find(app: AppKey, text: String, limit: Int = 50) throws(StoreError) -> [FindHit] {
        guard let match = FullTextQuery.match(text: text), limit > 0 else { return [] }
        let rows = try read { db in
            let matches = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM (SELECT 1 FROM document_fts WHERE document_fts MATCH ? LIMIT ?)
                """, arguments: [match, Self.rankedMatchLimit])!
            let order = matches < Self.rankedMatchLimit ? "rank" : "document_fts.rowid DESC"
            // Several pages may hold one document: fetch extra rows to fill `limit` after dedup.
            return try Row.fetchAll(db, sql: """
                SELECT d.service, d.docId, d.title, p.request,
                       snippet(document_fts, 0, char(57344), char(57345), '…', 12) AS snippet
                FROM document_fts
                JOIN document d ON d.id = document_fts.rowid
                JOIN page p ON p.id = d.pageId
                WHERE document_fts MATCH ? AND d.app = ?
                ORDER BY \(order)
                LIMIT ?
                """, arguments: [match, app.id, limit * 4])
        }
        var seen = Set<[String]>()
        var hits: [FindHit] = []
        for row in rows where hits.count < limit {
            let serviceName: String = row["service"], id: String = row["docId"]
            guard let service = HyperService(rawValue: serviceName), seen.insert([serviceName, id]).inserted,
                  let requestJSON = try? JSON.parse(row["request"] as String),
                  let request = RequestKey(json: requestJSON) else { continue }
            let (snippet, ranges) = FullTextQuery.highlights(in: row["snippet"])
            hits.append(FindHit(service: service, id: id, title: row["title"], snippet: snippet,
                                matchRanges: ranges, request: request))
        }
        return hits
    }

    /// Above this many matching documents, `find` lists newest first instead of ranking.
    static let rankedMatchLimit = 1000

    // MARK: writes made from the tool

    /// Reflects a write made from this tool in every cached answer holding document `id` of
    /// `service` (`newDocument` as the server now has it; for the cache service, the value):
    /// list items are replaced (or removed when `newDocument` is nil) and
    /// single-document answers replaced (or dropped). Returns how many pages changed.
    /// A new document is not inserted into cached lists (its position is the server's call);
    /// those lists refresh on the next fetch.
    @discardableResult
    public func applyWrite(app: AppKey, service: HyperService, id: String, newDocument: JSON?) throws(StoreError) -> Int {
        try write { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT DISTINCT p.id, p.request, p.body FROM page p JOIN document d ON d.pageId = p.id
                WHERE d.app = ? AND d.service = ? AND d.docId = ?
                """, arguments: [app.id, service.rawValue, id])
            var changed = 0
            for row in rows {
                let pageID: Int64 = row["id"]
                guard let requestJSON = try? JSON.parse(row["request"] as String),
                      let request = RequestKey(json: requestJSON),
                      let answer = try? JSON.parse(row["body"] as String) else {
                    try Self.deletePages([pageID], in: db)
                    changed += 1
                    continue
                }
                switch PageDocuments.apply(id: id, newDocument: newDocument, request: request, answer: answer) {
                case .unchanged:
                    continue
                case .dropPage:
                    try Self.deletePages([pageID], in: db)
                case .replaced(let updated):
                    let body = updated.compact
                    try db.execute(sql: "UPDATE page SET body = ? WHERE id = ?", arguments: [body, pageID])
                    try Self.deleteDocuments(ofPages: [pageID], in: db)
                    try Self.index(PageDocuments.extract(request: request, answer: updated), pageID: pageID,
                                   app: app, service: service, bodyBytes: body.utf8.count, in: db)
                }
                changed += 1
            }
            try self.evictIfNeeded(db, keeping: nil)
            return changed
        }
    }

    // MARK: clearing and statistics

    public func clear() throws(StoreError) {
        try write { db in
            try db.execute(sql: "DELETE FROM document_fts; DELETE FROM document; DELETE FROM page")
            try db.execute(sql: "PRAGMA incremental_vacuum")
        }
    }

    public func clear(app: AppKey) throws(StoreError) {
        try write { db in
            let ids = try Int64.fetchAll(db, sql: "SELECT id FROM page WHERE app = ?", arguments: [app.id])
            try Self.deletePages(ids, in: db)
            try db.execute(sql: "PRAGMA incremental_vacuum")
        }
    }

    public func statistics(app: AppKey? = nil) throws(StoreError) -> CacheStatistics {
        try read { db in
            let filter = app == nil ? "" : " WHERE app = ?"
            let arguments = app.map { StatementArguments([$0.id]) } ?? StatementArguments()
            let pages = try Row.fetchOne(db, sql: "SELECT COUNT(*), COALESCE(SUM(bytes), 0) FROM page" + filter,
                                         arguments: arguments)!
            let documents = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM document" + filter, arguments: arguments)!
            return CacheStatistics(pages: pages[0], documents: documents, bytes: pages[1])
        }
    }

    // MARK: internals

    private func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T { try file.read(body) }

    private func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T { try file.write(body) }

    /// Marks a page as the most recently used (eviction order is `accessOrder`, not time, so
    /// two uses within one clock tick still have an order).
    private static func touch(_ pageID: Int64, at time: Date, in db: Database) throws {
        try db.execute(sql: "UPDATE page SET lastAccess = ?, accessOrder = ? WHERE id = ?",
                       arguments: [time.timeIntervalSince1970, try nextAccessOrder(db), pageID])
    }

    private static func nextAccessOrder(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT COALESCE(MAX(accessOrder), 0) + 1 FROM page"))!
    }

    private static func index(_ documents: [IndexedDocument], pageID: Int64, app: AppKey, service: HyperService,
                              bodyBytes: Int, in db: Database) throws {
        let insertDocument = try db.cachedStatement(sql: "INSERT INTO document (pageId, app, service, docId, title) VALUES (?, ?, ?, ?, ?)")
        let insertText = try db.cachedStatement(sql: "INSERT INTO document_fts (rowid, text) VALUES (?, ?)")
        var bytes = bodyBytes
        for document in documents {
            try insertDocument.execute(arguments: [pageID, app.id, service.rawValue, document.id, document.title])
            try insertText.execute(arguments: [db.lastInsertedRowID, document.text])
            bytes += document.text.utf8.count + document.title.utf8.count + document.id.utf8.count
        }
        try db.cachedStatement(sql: "UPDATE page SET bytes = ? WHERE id = ?").execute(arguments: [bytes, pageID])
    }

    private static func deleteDocuments(ofPages ids: [Int64], in db: Database) throws {
        for id in ids {
            try db.execute(sql: "DELETE FROM document_fts WHERE rowid IN (SELECT id FROM document WHERE pageId = ?)", arguments: [id])
            try db.execute(sql: "DELETE FROM document WHERE pageId = ?", arguments: [id])
        }
    }

    private static func deletePages(_ ids: [Int64], in db: Database) throws {
        try deleteDocuments(ofPages: ids, in: db)
        for id in ids { try db.execute(sql: "DELETE FROM page WHERE id = ?", arguments: [id]) }
    }

    /// What eviction reads on every store: the cache's size, then pages oldest use first. Both
    /// read the `page_lru` index alone (`PageCacheSchema`), never the pages' bodies.
    static let totalBytesSQL = "SELECT COALESCE(SUM(bytes), 0) FROM page"
    static let leastRecentlyUsedSQL = "SELECT id, bytes FROM page ORDER BY accessOrder"

    /// Drops least-recently-used pages until the total is within the cap. The page just stored
    /// is kept even when it alone exceeds the cap: the user is looking at it.
    @discardableResult
    private func evictIfNeeded(_ db: Database, keeping kept: Int64?) throws -> Int {
        var total = try Int.fetchOne(db.cachedStatement(sql: Self.totalBytesSQL))!
        guard total > sizeCap else { return 0 }
        var victims: [Int64] = []
        let cursor = try Row.fetchCursor(db, sql: Self.leastRecentlyUsedSQL)
        while total > sizeCap, let row = try cursor.next() {
            let id: Int64 = row["id"]
            if id == kept { continue }
            victims.append(id)
            total -= row["bytes"] as Int
        }
        try Self.deletePages(victims, in: db)
        try db.execute(sql: "PRAGMA incremental_vacuum")
        return victims.count
    }
}
