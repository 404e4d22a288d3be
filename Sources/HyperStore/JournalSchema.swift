import GRDB

/// One table: an entry per write, inserted as `pending` before the request is sent and
/// finished with its outcome afterwards, so a write cut short by a crash still shows up.
enum JournalSchema {
    static var migrator: DatabaseMigrator {
        StoreFile.migrator(steps: [
            ("v1", """
                CREATE TABLE entry (
                    id INTEGER PRIMARY KEY,
                    app TEXT NOT NULL,
                    time REAL NOT NULL,
                    action TEXT NOT NULL,
                    service TEXT NOT NULL,
                    target TEXT NOT NULL,
                    before TEXT,
                    after TEXT,
                    outcome TEXT NOT NULL DEFAULT 'pending',
                    message TEXT,
                    finishedAt REAL,
                    undoOf INTEGER REFERENCES entry(id)
                );
                CREATE INDEX entry_by_app ON entry(app, id);
                CREATE INDEX entry_by_undo ON entry(undoOf);
                """),
            // Writes made by one action (a bulk delete, cancelling several jobs) share a batch:
            // undo takes them back in one step. `batch` hands out the numbers.
            ("v2-batches", """
                CREATE TABLE batch (id INTEGER PRIMARY KEY, time REAL NOT NULL);
                ALTER TABLE entry ADD COLUMN batch INTEGER REFERENCES batch(id);
                CREATE INDEX entry_by_batch ON entry(batch);
                """),
        ])
    }
}
