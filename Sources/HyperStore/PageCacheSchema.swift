import GRDB

/// Tables of the page cache. `page` holds answers; `document` one row per document inside a
/// page (to find the pages holding a document); `document_fts` the full-text index, whose rowid
/// is `document.id`. The app column of the index holds a token derived from the app key so a
/// `find` intersects "this app" and "these words" inside FTS5 instead of filtering afterwards.
enum PageCacheSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
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
                    app, text, tokenize = 'unicode61 remove_diacritics 2'
                );
                """)
        }
        return migrator
    }
}
