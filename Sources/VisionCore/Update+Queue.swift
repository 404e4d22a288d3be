import HyperJSON
import HyperSession

/// The queue pane: job details, retry and cancel, watch mode.
extension AppState {
    /// A job for the detail: why it failed first, then its payload. An error body that is
    /// JSON (what most targets answer) is shown as a tree, not as one long string.
    static func jobDetail(_ job: JSON) -> JSON {
        var object: JSONObject = [:]
        if var error = job["error"] {
            if let body = failureBody(error) { error["body"] = body }
            object["error"] = error
        }
        object["job"] = job["job"] ?? job
        for (key, value) in job.objectValue ?? [:] where !["error", "job"].contains(key) { object[key] = value }
        return .object(object)
    }

    /// A failed job's error body, parsed when the target answered a JSON object or array as text
    /// (the detail shows it as a tree, the row its message).
    public static func failureBody(_ error: JSON) -> JSON? {
        guard let body = error["body"] else { return nil }
        if let text = body.stringValue, text.first == "{" || text.first == "[", let parsed = try? JSON.parse(text),
           parsed.objectValue != nil || parsed.arrayValue != nil {
            return parsed
        }
        return body
    }

    /// `R` retries the selected jobs (else the one under the cursor) at once; `x` asks first,
    /// naming them, as a cancel cannot be undone.
    mutating func changeJobs(retry: Bool) -> [Effect] {
        var ids = queue.selected.sorted()
        if ids.isEmpty, let id = queue.itemID(at: queue.list.index) { ids = [id] }
        guard !ids.isEmpty else { say("no job selected", error: true); return [] }
        guard retry else {
            dialog = .confirmCancel(ids)
            return []
        }
        if queue.status != .error { say("only failed jobs can be retried (t shows ERROR jobs)", error: true); return [] }
        return sendJobs(ids.map { WriteAction.queueRetry(id: $0) }, "retrying")
    }

    /// `y` in the cancel dialog.
    mutating func cancelJobs(_ ids: [String]) -> [Effect] {
        sendJobs(ids.map { WriteAction.queueCancel(id: $0) }, "cancelling")
    }

    private mutating func sendJobs(_ actions: [WriteAction], _ verb: String) -> [Effect] {
        queue.selected = []
        return [begin(.write(actions), "\(verb) \(actions.count) job(s)", .queueAction)]
    }

    mutating func watchTick() -> [Effect] {
        guard queue.watching, now - queue.lastRefresh >= 2 else { return [] }
        return refresh(.queue)
    }
}
