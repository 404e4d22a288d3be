import HyperJSON
import HyperSession

/// The queue pane: job details, retry and cancel, watch mode.
extension AppState {
    /// A job for the detail: why it failed first, then its payload.
    static func jobDetail(_ job: JSON) -> JSON {
        var object: JSONObject = [:]
        if let error = job["error"] { object["error"] = error }
        object["job"] = job["job"] ?? job
        for (key, value) in job.objectValue ?? [:] where !["error", "job"].contains(key) { object[key] = value }
        return .object(object)
    }

    mutating func changeJobs(retry: Bool) -> [Effect] {
        var ids = queue.selected.sorted()
        if ids.isEmpty, let job = queue.jobs[safe: queue.list.index] { ids = [QueuePaneState.id(of: job)] }
        guard !ids.isEmpty else { say("no job selected", error: true); return [] }
        if retry && queue.status != .error { say("only failed jobs can be retried (t shows ERROR jobs)", error: true); return [] }
        queue.selected = []
        let request: Request = .write(ids.map { retry ? WriteAction.queueRetry(id: $0) : .queueCancel(id: $0) })
        return [begin(request, "\(retry ? "retrying" : "cancelling") \(ids.count) job(s)", .queueAction)]
    }

    mutating func watchTick() -> [Effect] {
        guard queue.watching, now - queue.lastRefresh >= 2 else { return [] }
        return refresh(.queue)
    }
}
