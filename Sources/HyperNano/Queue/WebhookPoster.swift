import Crypto
import Foundation
import HyperJSON
import Synchronization
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// POSTs a job to its queue's target, signed as hyper does (hyper-api.md 4.6):
/// `X-HYPER-SIGNATURE: t=<ms>,sig=<hex HMAC-SHA256(secret, "<t>.<job JSON>")>`.
/// Uses FoundationNetworking's URLSession: nano has no other HTTP client, and this is one plain
/// POST per job.
struct WebhookPoster: Sendable {
    private let session: URLSession

    init(timeout: TimeInterval = 30) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        session = URLSession(configuration: configuration)
    }

    static func signature(secret: String, time: String, body: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Data("\(time).\(body)".utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return "t=\(time),sig=" + code.map { String(format: "%02x", $0) }.joined()
    }

    /// nil when the target answered 2xx, else why not: `{status, body}` (first 1 KB) or `{reason}`,
    /// with `at`, the ISO time of the attempt.
    func deliver(_ delivery: QueueStore.Delivery) async -> JSON? {
        let at = JSON.string(ISO8601DateFormatter().string(from: Date()))
        guard let url = URL(string: delivery.target) else {
            return ["reason": .string("target is not a URL: \(delivery.target)"), "at": at]
        }
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        if let secret = delivery.secret {
            let time = String(Int64(Date().timeIntervalSince1970 * 1000))
            request.setValue(Self.signature(secret: secret, time: time, body: delivery.job), forHTTPHeaderField: "X-HYPER-SIGNATURE")
        }
        request.httpBody = Data(delivery.job.utf8)
        do {
            let (data, response) = try await send(request)
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            if (200..<300).contains(status) { return nil }
            return ["status": JSON(status), "body": .string(String(decoding: data.prefix(1024), as: UTF8.self)), "at": at]
        } catch {
            return ["reason": .string(error.localizedDescription), "at": at]
        }
    }

    /// One request that stops as soon as the calling task is cancelled (server stopping), which
    /// FoundationNetworking's async `data(for:)` does not do promptly on Linux.
    private func send(_ request: URLRequest) async throws -> (Data, URLResponse) {
        let box = TaskBox()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let task = session.dataTask(with: request) { data, response, error in
                    if let data, let response {
                        continuation.resume(returning: (data, response))
                    } else {
                        continuation.resume(throwing: error ?? URLError(.badServerResponse))
                    }
                }
                box.start(task)
            }
        } onCancel: {
            box.cancel()
        }
    }
}

/// The data task of one delivery, cancellable from another thread, also before it started.
private final class TaskBox: Sendable {
    private let state = Mutex<(task: URLSessionDataTask?, cancelled: Bool)>((nil, false))

    func start(_ task: URLSessionDataTask) {
        let cancelled = state.withLock { state in
            state.task = task
            return state.cancelled
        }
        if cancelled { task.cancel() }
        task.resume()
    }

    /// Called from a task-cancellation handler, which runs while Swift holds the task's status
    /// lock. `URLSessionTask.cancel` waits synchronously for the session's queue, and that queue
    /// may at the same moment be resuming this task's continuation (which needs the same lock):
    /// cancelling inline deadlocked. So the cancel is handed to another thread.
    func cancel() {
        let task = state.withLock { state in
            state.cancelled = true
            return state.task
        }
        guard let task else { return }
        DispatchQueue.global().async { task.cancel() }
    }
}
