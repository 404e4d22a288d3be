import HyperJSON
import HyperTransport

/// When a failed idempotent request is worth repeating, and how long to wait first.
enum RetryPolicy {
    /// Gateways and overloaded servers: the request most likely never ran.
    static let retriableStatuses: Set<Int> = [502, 503, 504]

    /// 250 ms, 500 ms, 1 s ... (at most 4 s), or the server's `Retry-After` seconds up to 4 s.
    static func delay(attempt: Int, retryAfter: String?) -> Duration {
        if let retryAfter, let seconds = Int(retryAfter.trimmingWhitespace), seconds >= 0 {
            return .seconds(min(seconds, 4))
        }
        return .milliseconds(min(250 << min(attempt, 4), 4_000))
    }

    static func pause(attempt: Int, retryAfter: String?, log: DebugLog?) async throws(HyperError) {
        let wait = delay(attempt: attempt, retryAfter: retryAfter)
        log?.line("* retrying in \(wait)")
        do { try await Task.sleep(for: wait) } catch { throw .cancelled }
    }
}
