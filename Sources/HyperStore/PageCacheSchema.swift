import GRDB

/// Tables of the page cache. `page` holds answers; `document` one row per document inside a
/// page (to find the pages holding a document); `document_fts` the full-text index, whose rowid
/// is `document.id`. The app is filtered through `document`, not inside FTS5: an app token in
/// the index would match every row, and intersecting with it made every `find` read a doclist as
/// long as the cache (measured: +5 ms for a rare word, +70 ms for a common one at 100,000 docs).
enum PageCacheSchema {
    static var migrator: DatabaseMigrator {
        StoreFile.migrator(steps: [
            ("v1", """
                CREATE TABLE page (
                    id INTEGER PRIMARY KEY,
                    app TEXT NOT NULL,
                    service TEXT NOT NULL,
                    requestKey TEXT NOT NULL,
                    request TEXT NOT NULL,
                    body TEXT NOT NULL,
                    fetchedAt REAL NOT NULL,
                    lastAccess REAL NOT NULL,
                    accessOrder INTEGER NOT NULL,
                    bytes INTEGER NOT NULL,
                    isDocument INTEGER NOT NULL,
                    UNIQUE (app, requestKey)
                );
                CREATE INDEX page_lru ON page(accessOrder);
                CREATE TABLE document (
                    id INTEGER PRIMARY KEY,
                    pageId INTEGER NOT NULL REFERENCES page(id) ON DELETE CASCADE,
                    app TEXT NOT NULL,
                    service TEXT NOT NULL,
                    docId TEXT NOT NULL,
                    title TEXT NOT NULL
                );
                CREATE INDEX document_by_id ON document(app, service, docId);
                CREATE INDEX document_by_page ON document(pageId);
                CREATE VIRTUAL TABLE document_fts USING fts5(
                    text, tokenize = 'unicode61 remove_diacritics 2'
                );
                """),
            // Every store sums the pages' sizes to evict over the cap. `bytes` lies after `body` in
            // a page's row, so the sum read every body in the file through its overflow pages:
            // 15 ms for 2,000 pages of 25 KB, growing with the cache (200 MB at the cap). With
            // `bytes` in the eviction order's index, the sum and the eviction order read only it.
            ("v2", """
                DROP INDEX page_lru;
                CREATE INDEX page_lru ON page(accessOrder, bytes);
                """),
        ])
    }
}
