import CCurl
import CCurlShim

/// Why a transfer produced no response.
package enum TransportFailure: Error, Sendable {
    /// curl gave up; `code` is the CURLcode, `reason` curl's error buffer or strerror.
    case curl(code: Int, reason: String)
    /// A local file could not be read or written.
    case file(String)
    /// An answer held in memory passed `limit` bytes (decoded): the transfer was stopped there.
    case answerTooLarge(limit: Int64)
    case cancelled

    /// Why libcurl cannot be used (it is loaded on first use): nil once it is loaded.
    static var libcurlUnavailable: TransportFailure? {
        ccurl_load_error().map { .curl(code: Int(CURLE_FAILED_INIT.rawValue), reason: String(cString: $0)) }
    }

    /// The transfer failed before its request could reach the server: the host was not found,
    /// would not connect, or failed the TLS handshake.
    package var neverSent: Bool {
        guard case .curl(let code, _) = self else { return false }
        let codes: [CURLcode] = [
            CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT,
            CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION,
        ]
        return codes.contains { Int($0.rawValue) == code }
    }

    /// No connection was made, or it broke before an answer arrived. Timeouts are not here:
    /// repeating them would multiply the user's time limit.
    package var isConnectionFailure: Bool {
        guard case .curl(let code, _) = self else { return false }
        let codes: [CURLcode] = [
            CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT,
            CURLE_GOT_NOTHING, CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_HTTP2, CURLE_HTTP2_STREAM,
            CURLE_PARTIAL_FILE,
        ]
        return codes.contains { Int($0.rawValue) == code }
    }
}
