import CCurl

/// When a failed idempotent request is worth repeating, and how long to wait first.
enum RetryPolicy {
    /// Gateways and overloaded servers: the request most likely never ran.
    static let retriableStatuses: Set<Int> = [502, 503, 504]

    /// curl codes meaning no connection was made or it broke before an answer arrived.
    /// Timeouts are not here: repeating them would multiply the user's time limit.
    /// Whether a transfer that failed with curl `code` never got to send its request: the host
    /// was not found, would not connect, or failed the TLS handshake.
    static func neverSent(_ code: Int) -> Bool {
        let codes: [CURLcode] = [
            CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT,
            CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION,
        ]
        return codes.contains { Int($0.rawValue) == code }
    }

    static func isConnectionFailure(_ code: Int) -> Bool {
        let codes: [CURLcode] = [
            CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT,
            CURLE_GOT_NOTHING, CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_HTTP2, CURLE_HTTP2_STREAM,
            CURLE_PARTIAL_FILE,
        ]
        return codes.contains { Int($0.rawValue) == code }
    }

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
