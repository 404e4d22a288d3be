import HyperJSON
import HyperModel

/// The queue of the connection's domain (`/queue/{domain}`).
public struct QueueAPI: ServiceAPI {
    public static let service = HyperService.queue
    public let client: HyperClient

    /// Posts a job; the answer is `{ok, id}`.
    public func enqueue(_ job: JSON) async throws(HyperError) -> JSON {
        try await client.call("POST", try url(), body: job)
    }

    /// `{ok, jobs}` of jobs whose delivery failed.
    public func errors() async throws(HyperError) -> JSON {
        try await client.read(.queueJobs(.error))
    }

    /// `{ok, jobs}` of jobs waiting for delivery.
    public func queued() async throws(HyperError) -> JSON {
        try await client.read(.queueJobs(.ready))
    }

    public func cancel(id: String) async throws(HyperError) -> JSON {
        try await client.call("POST", try url([id, "_cancel"]))
    }

    /// Delivers an errored job again. Servers announcing the "queue-retry" extension on `GET /`
    /// do it themselves; otherwise the job's payload is enqueued anew and the errored job
    /// cancelled (the answer is then the enqueue answer, with the new id).
    public func retry(id: String) async throws(HyperError) -> JSON {
        if try await client.announces("queue-retry") {
            return try await client.call("POST", try url([id, "_retry"]))
        }
        let jobs = try await errors()["jobs"]?.arrayValue ?? []
        guard let errored = jobs.first(where: { Envelope.itemID($0) == id }), let payload = errored["job"] else {
            let msg = "no errored job with id \(id)"
            throw .hyper(status: 404, msg: msg, body: ["ok": false, "status": 404, "msg": .string(msg)])
        }
        let answer = try await enqueue(payload)
        _ = try await cancel(id: id)
        return answer
    }

    public func create(target: String, secret: String? = nil) async throws(HyperError) -> JSON {
        var body: JSONObject = ["target": .string(target)]
        body["secret"] = secret.map(JSON.string)
        return try await client.call("PUT", try url(), body: .object(body))
    }
}
