import Foundation
import GRDB
import HyperJSON

/// Queues and their jobs, persisted in SQLite so that READY jobs survive a restart.
struct QueueStore: Sendable {
    let pool: DatabasePool
    /// The jobs' bytes one list may hold (`NanoLimits.maxAnswerBytes`).
    let maxAnswerBytes: Int

    enum Status: String, Sendable { case ready = "READY", error = "ERROR" }

    struct Delivery: Sendable {
        let id: Int64
        let job: String
        let target: String
        let secret: String?
    }

    /// `^[a-z0-9-~_]+$` after lowercasing (hyper's queue-name rule).
    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || "-~_".unicodeScalars.contains($0)
        }
    }

    func create(_ name: String, target: String, secret: String?) async throws {
        let name = name.lowercased()
        guard Self.isValidName(name) else { throw HyperFailure(422, "queue name is not valid!") }
        try await pool.write { db in try Self.queues.create(db, ["name": name, "target": target, "secret": secret]) }
    }

    /// Deletes the queue and its jobs.
    func destroy(_ name: String) async throws {
        try await pool.write { db in try Self.queues.drop(db, name) }
    }

    func exists(_ name: String) async throws -> Bool {
        try await pool.read { db in try Self.queues.exists(db, name) }
    }

    func names() async throws -> [String] {
        try await pool.read { db in try Self.queues.names(db) }
    }

    func purge(_ name: String) async throws {
        try await pool.write { db in try Self.queues.empty(db, name) }
    }

    /// Points the queue at a new target (the seed uses it for nano's own demo workers).
    func setTarget(_ name: String, target: String, secret: String?) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE queues SET target = ?, secret = ? WHERE name = ?", arguments: [target, secret, name])
        }
    }

    /// Targets served by nano under `/_nano/` follow the server to its current address, so a
    /// restart on another port keeps its demo queues working, and sign with this run's
    /// delivery key, which those targets check.
    func rebaseNanoTargets(baseURL: String, deliveryKey: String) async throws {
        try await pool.write { db in
            try db.execute(sql: """
                UPDATE queues SET target = ? || substr(target, instr(target, '/\(NanoTargets.reservedSegment)/')), secret = ?
                WHERE target LIKE 'http://127.0.0.1:%/\(NanoTargets.reservedSegment)/%'
                   OR target LIKE 'http://localhost:%/\(NanoTargets.reservedSegment)/%'
                """, arguments: [baseURL, deliveryKey])
        }
    }

    func enqueue(_ name: String, job: JSONObject) async throws -> Int64 {
        let text = JSON.object(job).compact
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        return try await pool.write { db in
            try Self.queues.require(db, name)
            try db.execute(
                sql: "INSERT INTO jobs (queue, job, status, timestmp) VALUES (?, ?, 'READY', ?)", arguments: [name, text, now])
            return db.lastInsertedRowID
        }
    }

    /// Listed jobs `{id, job, status, queue, timestmp[, error]}`, oldest first.
    func list(_ name: String, status: Status) async throws -> [JSON] {
        try await pool.read { db in
            try Self.queues.require(db, name)
            let rows = try Row.fetchCursor(
                db, sql: "SELECT id, job, status, queue, timestmp, error FROM jobs WHERE queue = ? AND status = ? ORDER BY id",
                arguments: [name, status.rawValue])
            var jobs: [JSON] = []
            var budget = AnswerBudget(limit: maxAnswerBytes)
            while let row = try rows.next() {
                let text: String = row["job"], error: String? = row["error"]
                try budget.take(text.utf8.count + (error?.utf8.count ?? 0))
                var job: JSONObject = [
                    "id": JSON(Int(row["id"] as Int64)), "job": try JSON.parse(text),
                    "status": .string(row["status"]), "queue": .string(row["queue"]),
                    "timestmp": JSON(Int(row["timestmp"] as Int64)),
                ]
                if let error { job["error"] = try JSON.parse(error) }
                jobs.append(.object(job))
            }
            return jobs
        }
    }

    /// Removes the job whatever its status.
    func cancel(_ name: String, id: Int64) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM jobs WHERE queue = ? AND id = ?", arguments: [name, id])
            if db.changesCount == 0 { throw HyperFailure(404, "job not found") }
        }
    }

    /// Makes an errored job READY again (the `queue-retry` extension).
    func retry(_ name: String, id: Int64) async throws {
        try await pool.write { db in
            guard let status = try String.fetchOne(
                db, sql: "SELECT status FROM jobs WHERE queue = ? AND id = ?", arguments: [name, id])
            else { throw HyperFailure(404, "job not found") }
            guard status == Status.error.rawValue else { throw HyperFailure(409, "job \(id) is \(status), only ERROR jobs can be retried") }
            try db.execute(sql: "UPDATE jobs SET status = 'READY', error = NULL WHERE id = ?", arguments: [id])
        }
    }

    /// The oldest READY job of the queue with where to deliver it.
    func nextReady(_ name: String) async throws -> Delivery? {
        try await pool.read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT j.id, j.job, q.target, q.secret FROM jobs j JOIN queues q ON q.name = j.queue
                WHERE j.queue = ? AND j.status = 'READY' ORDER BY j.id LIMIT 1
                """, arguments: [name])
            else { return nil }
            return Delivery(id: row["id"], job: row["job"], target: row["target"], secret: row["secret"])
        }
    }

    func delivered(_ id: Int64) async throws {
        try await pool.write { db in try db.execute(sql: "DELETE FROM jobs WHERE id = ?", arguments: [id]) }
    }

    func failed(_ id: Int64, error: JSON) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE jobs SET status = 'ERROR', error = ? WHERE id = ?", arguments: [error.compact, id])
        }
    }

    /// Queues that have READY jobs (dispatched again after a restart).
    func queuesWithReadyJobs() async throws -> [String] {
        try await pool.read { db in try String.fetchAll(db, sql: "SELECT DISTINCT queue FROM jobs WHERE status = 'READY'") }
    }

    private static let queues = ContainerTable("queues", contents: "jobs", owner: "queue", noun: "queue")
}
