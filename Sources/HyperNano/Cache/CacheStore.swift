import Foundation
import GRDB
import HyperJSON
import NIOCore

/// Cache services: stores of JSON-object values by key, with lazy TTL expiry.
struct CacheStore: Sendable {
    let pool: DatabasePool
    /// Reads by key, on nano's own connections (see `SQLiteReader`).
    let reader: SQLiteReader
    /// The keys' and values' bytes one query may hold (`NanoLimits.maxAnswerBytes`).
    let maxAnswerBytes: Int

    /// `^[a-z0-9][a-z0-9-~_]*$` (hyper's store-name rule).
    static func isValidStoreName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, isLowerOrDigit(first) else { return false }
        return name.unicodeScalars.allSatisfy { isLowerOrDigit($0) || "-~_".unicodeScalars.contains($0) }
    }

    /// `^[a-z][a-z0-9-~_/$+]*$` (hyper's key rule).
    static func isValidKey(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return key.unicodeScalars.allSatisfy { isLowerOrDigit($0) || "-~_/$+".unicodeScalars.contains($0) }
    }

    private static func isLowerOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
    }

    func create(_ name: String) async throws {
        let name = name.lowercased()  // hyper lowercases store names on create only
        guard Self.isValidStoreName(name) else { throw HyperFailure(422, "name is not valid") }
        try await pool.write { db in try Self.stores.create(db, ["name": name]) }
    }

    func destroy(_ name: String) async throws {
        try await pool.write { db in try Self.stores.drop(db, name) }
    }

    func exists(_ name: String) async throws -> Bool {
        try await pool.read { db in try Self.stores.exists(db, name) }
    }

    func purge(_ name: String) async throws {
        try await pool.write { db in try Self.stores.empty(db, name) }
    }

    /// Adds a key; 409 when it holds an unexpired value.
    func add(_ store: String, key: String, value: JSONObject, expiresAt: Double?) async throws {
        try Self.checkKey(key)
        try InputRules.checkDepth(.object(value), field: "value")
        let text = JSON.object(value).compact
        let now = Date().timeIntervalSince1970
        try await pool.write { db in
            try Self.stores.require(db, store)
            try db.cachedStatement(sql: """
                INSERT INTO cache_entries (store, key, value, expires_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (store, key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at
                WHERE cache_entries.expires_at IS NOT NULL AND cache_entries.expires_at <= ?
                """).execute(arguments: [store, key, text, expiresAt, now])
            if db.changesCount == 0 { throw HyperFailure(409, "document conflict") }
        }
    }

    /// Sets a key whether or not it exists, replacing the value and its ttl.
    func set(_ store: String, key: String, value: JSONObject, expiresAt: Double?) async throws {
        try Self.checkKey(key)
        try InputRules.checkDepth(.object(value), field: "value")
        let text = JSON.object(value).compact
        try await pool.write { db in
            try Self.stores.require(db, store)
            try db.cachedStatement(sql: """
                INSERT INTO cache_entries (store, key, value, expires_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (store, key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at
                """).execute(arguments: [store, key, text, expiresAt])
        }
    }

    /// The value's compact JSON text; an expired key is 404 (and is evicted by the next write).
    func get(_ store: String, key: String) throws -> ByteBuffer {
        try Self.checkKey(key)
        let now = Date().timeIntervalSince1970
        return try reader.readOneStatement { connection in
            // One row when the store exists, its entry's columns null when the key has none.
            let entry = try connection.first(Self.entrySQL, [.text(store), .text(key)]) { row in
                row.isNull(2) ? nil : (value: row.buffer(0), expiresAt: row.isNull(1) ? nil : row.double(1))
            }
            guard let entry else { throw Self.stores.missing }
            guard let entry, entry.expiresAt.map({ $0 > now }) ?? true else { throw HyperFailure(404, "document not found") }
            return entry.value
        }
    }

    /// Removes a key; fine when it does not exist (as hyper), 404 when the store does not.
    func remove(_ store: String, key: String) async throws {
        try Self.checkKey(key)
        try await pool.write { db in
            try Self.stores.require(db, store)
            try db.cachedStatement(sql: "DELETE FROM cache_entries WHERE store = ? AND key = ?").execute(arguments: [store, key])
        }
    }

    /// Deletes a store's expired keys; reads the `cache_entries_expiry` index, not the values.
    static let expiredSweepSQL = "DELETE FROM cache_entries WHERE store = ? AND expires_at IS NOT NULL AND expires_at <= ?"

    /// `{key, value}` pairs of unexpired keys matching the glob (`*`, `?`, `[...]` anywhere),
    /// ordered by key; expired keys are evicted on the way.
    func query(_ store: String, pattern: String) async throws -> [(key: String, value: String)] {
        let now = Date().timeIntervalSince1970
        return try await pool.write { db in
            try Self.stores.require(db, store)
            try db.execute(sql: Self.expiredSweepSQL, arguments: [store, now])
            let rows = try Row.fetchCursor(
                db.cachedStatement(sql: "SELECT key, value FROM cache_entries WHERE store = ? AND key GLOB ? ORDER BY key"),
                arguments: [store, pattern])
            var pairs: [(key: String, value: String)] = []
            var budget = AnswerBudget(limit: maxAnswerBytes)
            while let row = try rows.next() {
                let pair: (key: String, value: String) = (row["key"], row["value"])
                try budget.take(pair.key.utf8.count + pair.value.utf8.count)
                pairs.append(pair)
            }
            return pairs
        }
    }

    func storeNames() async throws -> [String] {
        try await pool.read { db in try Self.stores.names(db) }
    }

    private static func checkKey(_ key: String) throws(HyperFailure) {
        try InputRules.checkIdentifier(key, field: "key")
        guard isValidKey(key) else { throw HyperFailure(422, "key is not valid") }
    }

    private static let stores = ContainerTable("cache_stores", contents: "cache_entries", owner: "store", noun: "cache")

    /// A key's value and expiry in its store, in one statement: no row when the store does not
    /// exist; a row of nulls when the key does not.
    private static let entrySQL = """
        SELECT entry.value, entry.expires_at, entry.key FROM cache_stores AS store
        LEFT JOIN cache_entries AS entry ON entry.store = store.name AND entry.key = ?2 WHERE store.name = ?1
        """
}
