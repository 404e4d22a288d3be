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

    /// Cancels job `id`. hyper's own queue adapter answers ok and keeps the job (hyper-2026.md
    /// H2), so unless the server announces a cancel that works (`queue-cancel`), the queue is
    /// listed again and a job still there is `HyperError.notDone`.
    public func cancel(id: String) async throws(HyperError) -> JSON {
        let answer = try await client.call("POST", try url([id, "_cancel"]))
        if try await !client.announces("queue-cancel"), try await isListed(id) {
            throw .notDone("the server answered ok to cancelling job \(id), but the job is still in its queue "
                + "(hyper's queue adapter ignores cancels)")
        }
        return answer
    }

    /// Whether job `id` is among the queue's errored jobs, else its waiting ones (listed only
    /// when it is not among the first).
    private func isListed(_ id: String) async throws(HyperError) -> Bool {
        let holds = { (answer: JSON) in (answer["jobs"]?.arrayValue ?? []).contains { Envelope.itemID($0) == id } }
        if holds(try await errors()) { return true }
        return holds(try await queued())
    }

    /// Delivers an errored job again. Servers announcing the "queue-retry" extension on `GET /`
    /// do it themselves; otherwise the job's payload is enqueued anew and the errored job
    /// cancelled (the answer is then the enqueue answer, with the new id). A cancel the server
    /// did not do leaves the errored job beside its copy: the answer's `warning` says so.
    public func retry(id: String) async throws(HyperError) -> JSON {
        if try await client.announces("queue-retry") {
            return try await client.call("POST", try url([id, "_retry"]))
        }
        let jobs = try await errors()["jobs"]?.arrayValue ?? []
        guard let errored = jobs.first(where: { Envelope.itemID($0) == id }), let payload = errored["job"] else {
            let msg = "no errored job with id \(id)"
            throw .hyper(status: 404, msg: msg, body: ["ok": false, "status": 404, "msg": .string(msg)])
        }
        var answer = try await enqueue(payload)
        do throws(HyperError) {
            _ = try await cancel(id: id)
        } catch .notDone {
            answer["warning"] = .string("enqueued again as a new job, but the server kept errored job \(id) "
                + "(it answers ok to a cancel and does nothing): retrying it again would deliver it twice")
        }
        return answer
    }

    public func create(target: String, secret: String? = nil) async throws(HyperError) -> JSON {
        var body: JSONObject = ["target": .string(target)]
        body["secret"] = secret.map(JSON.string)
        return try await client.call("PUT", try url(), body: .object(body))
    }
}
