import Foundation
import Hummingbird
import HyperJSON

/// `/queue/...` routes (hyper-api.md 4.6), plus the `queue-retry` extension.
struct QueueRoutes: Sendable {
    let store: QueueStore
    let dispatcher: QueueDispatcher

    func respond(_ req: NanoRequest, _ path: ArraySlice<String>) async throws -> Response {
        let parts = Array(path)
        switch (req.method, parts.count) {
        case (.get, 0):
            let names = try await store.names().map(JSON.string)
            return Reply.json(["name": "queue", "version": "0.0.4", "queues": .array(names)])
        case (.put, 1):
            let body = try Arguments(try await req.json())
            let target = try body.requiredString("target")
            guard let url = URL(string: target), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
                url.host != nil
            else { throw HyperFailure.invalidArgument("target", "Invalid url") }
            let secret = try body.string("secret")
            if let secret, secret.count > 100 {
                throw HyperFailure.invalidArgument("secret", "String must contain at most 100 character(s)")
            }
            try await store.create(parts[0], target: target, secret: secret)
            return Reply.created
        case (.delete, 1):
            try await store.destroy(parts[0])
            return Reply.created  // hyper answers 201 here (hyper-api.md 5.6)
        case (.post, 1):
            let job = try Arguments(try await req.json(), field: "job").object
            let id = try await store.enqueue(parts[0], job: job)
            await dispatcher.wake(parts[0])
            return Reply.json(["ok": true, "id": JSON(Int(id))], status: 201)
        case (.get, 1):
            guard let raw = req.query("status"), let status = QueueStore.Status(rawValue: raw.uppercased()) else {
                throw HyperFailure.invalidArgument("status", "Expected 'READY' | 'ERROR', received '\(req.query("status") ?? "")'")
            }
            let jobs = try await store.list(parts[0], status: status)
            return Reply.json(["ok": true, "jobs": .array(jobs)])
        case (.post, 3) where parts[2] == "_cancel":
            try await store.cancel(parts[0], id: try Self.jobID(parts[1]))
            return Reply.created
        case (.post, 3) where parts[2] == "_retry":
            try await store.retry(parts[0], id: try Self.jobID(parts[1]))
            await dispatcher.wake(parts[0])
            return Reply.created
        default:
            throw HyperFailure.routeNotFound
        }
    }

    private static func jobID(_ text: String) throws(HyperFailure) -> Int64 {
        guard let id = Int64(text) else { throw HyperFailure(404, "job not found") }
        return id
    }
}
