import Crypto
import Foundation
import GRDB
import Hummingbird
import HyperJSON

/// Queue workers served by nano itself under the reserved `/_nano/` path, so the demo queues
/// work without anything else running:
/// - `POST /_nano/queue/accept` accepts every job;
/// - `POST /_nano/queue/flaky` fails the first delivery of each job (500 with an explanation)
///   and accepts it afterwards, so errored jobs can be inspected and really retried.
struct NanoTargets: Sendable {
    static let reservedSegment = "_nano"
    static let acceptPath = "/_nano/queue/accept"
    static let flakyPath = "/_nano/queue/flaky"

    let pool: DatabasePool

    func respond(_ req: NanoRequest, _ path: ArraySlice<String>) async throws -> Response {
        guard req.method == .post, Array(path).count == 2, path.first == "queue" else { throw HyperFailure.routeNotFound }
        var request = req.request
        let body = try await request.collectBody(upTo: BodyLimit.json)
        switch path.last {
        case "accept":
            return Reply.ok
        case "flaky":
            let digest = SHA256.hash(data: Data(body.readableBytesView)).map { String(format: "%02x", $0) }.joined()
            let firstDelivery = try await pool.write { db in
                try db.execute(sql: "INSERT INTO nano_deliveries (digest) VALUES (?) ON CONFLICT DO NOTHING", arguments: [digest])
                return db.changesCount > 0
            }
            guard firstDelivery else { return Reply.ok }
            return Reply.json([
                "ok": false, "status": 500,
                "msg": "nano demo worker: the first delivery of every job fails on purpose. Retry the job and it will be accepted.",
            ], status: 500)
        default:
            throw HyperFailure.routeNotFound
        }
    }
}
