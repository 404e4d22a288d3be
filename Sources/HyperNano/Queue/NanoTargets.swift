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
///
/// With `--secret` they are behind the same check as every route: a request needs the JWT, or
/// must be a delivery of one of nano's own queues, signed with `deliveryKey` (queues targeting
/// these workers get it as their secret, so nano's dispatcher signs what it sends here).
struct NanoTargets: Sendable {
    static let reservedSegment = "_nano"
    static let acceptPath = "/_nano/queue/accept"
    static let flakyPath = "/_nano/queue/flaky"

    let pool: DatabasePool
    /// A fresh random key each run, never shown: only this process's dispatcher signs with it.
    let deliveryKey: String

    init(pool: DatabasePool) {
        self.pool = pool
        deliveryKey = SymmetricKey(size: .bits256).withUnsafeBytes { Self.hex($0) }
    }

    func respond(_ req: NanoRequest, _ path: ArraySlice<String>, authorized: Bool) async throws -> Response {
        guard req.method == .post, Array(path).count == 2, path.first == "queue" else {
            throw authorized ? HyperFailure.routeNotFound : HyperFailure.notAuthorized
        }
        let body = try await req.body.collect(upTo: BodyLimit.json)
        guard authorized || isSignedDelivery(body, signature: req.header("X-HYPER-SIGNATURE")) else {
            throw HyperFailure.notAuthorized
        }
        switch path.last {
        case "accept":
            return Reply.ok
        case "flaky":
            let digest = Self.hex(SHA256.hash(data: Data(body.readableBytesView)))
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

    /// `t=<ms>,sig=...` as `WebhookPoster` signs with `deliveryKey`, compared in constant time.
    private func isSignedDelivery(_ body: ByteBuffer, signature: String?) -> Bool {
        guard let signature, signature.hasPrefix("t="), let comma = signature.firstIndex(of: ",") else { return false }
        let time = String(signature[signature.index(signature.startIndex, offsetBy: 2)..<comma])
        let expected = WebhookPoster.signature(secret: deliveryKey, time: time, body: String(buffer: body))
        guard expected.utf8.count == signature.utf8.count else { return false }
        return zip(expected.utf8, signature.utf8).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    private static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }
}
