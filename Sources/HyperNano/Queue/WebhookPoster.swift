import Crypto
import Foundation
import HyperJSON
import HyperTransport

/// POSTs a job to its queue's target, signed as hyper does (hyper-api.md 4.6):
/// `X-HYPER-SIGNATURE: t=<ms>,sig=<hex HMAC-SHA256(secret, "<t>.<job JSON>")>`.
///
/// Over the client's libcurl transport, trusting the target with nothing: only the first KB of
/// its answer is read (the reason kept for a refusal; the rest is never read, nor decompressed),
/// a redirect is a failure naming its Location (following it would send the job and its
/// signature to a host the queue was never pointed at, and take that host's answer for a
/// delivery), and every delivery has a time limit. Each queue delivers through its own
/// connection pool (see `QueueDispatcher`).
struct WebhookPoster: Sendable {
    /// Bytes of the target's answer kept as the reason of a failed delivery.
    static let answerExcerpt = 1024

    private let settings: TransferSettings

    /// `timeout`: for one whole delivery, connecting included.
    init(timeout: Duration) {
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        settings = TransferSettings(connectTimeout: min(10, seconds), totalTimeout: seconds,
                                    maxAnswerBytes: Int64(Self.answerExcerpt),
                                    followsRedirects: false, decodesContent: false)
    }

    static func signature(secret: String, time: String, body: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Data("\(time).\(body)".utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return "t=\(time),sig=" + code.map { String(format: "%02x", $0) }.joined()
    }

    /// nil when the target answered 2xx, else why not: `{status, body}` (first 1 KB; with
    /// `location` for a redirect) or `{reason}`, with `at`, the ISO time of the attempt.
    /// Connections come from and go back to `pool`.
    func deliver(_ delivery: QueueStore.Delivery, pool: CurlPool? = nil) async -> JSON? {
        let at = JSON.string(ISO8601DateFormatter().string(from: Date()))
        var headers = [("Content-Type", "application/json"), ("User-Agent", "hyper-vision-nano")]
        if let secret = delivery.secret {
            let time = String(Int64(Date().timeIntervalSince1970 * 1000))
            headers.append(("X-HYPER-SIGNATURE", Self.signature(secret: secret, time: time, body: delivery.job)))
        }
        let request = HTTPRequest(method: "POST", url: delivery.target, headers: headers,
                                  body: .bytes(Array(delivery.job.utf8)), sink: .prefix(Self.answerExcerpt))
        let result: Result<HTTPResponse, TransportFailure>
        do {
            result = await CurlEngine.shared.perform(try CurlTransfer(request, settings: settings, pool: pool))
        } catch {
            result = .failure(error)
        }
        switch result {
        case .success(let response) where (200..<300).contains(response.status):
            return nil
        case .success(let response):
            var failure: JSONObject = [
                "status": JSON(response.status), "body": .string(String(decoding: response.body, as: UTF8.self)),
            ]
            if let location = response.redirectLocation {
                failure["location"] = .string(location)
                failure["reason"] = .string("the target redirected the delivery to \(location); deliveries never follow redirects")
            }
            failure["at"] = at
            return .object(failure)
        case .failure(let failure):
            return ["reason": .string(Self.reason(failure)), "at": at]
        }
    }

    private static func reason(_ failure: TransportFailure) -> String {
        switch failure {
        case .curl(_, let reason), .file(let reason): reason
        case .answerTooLarge(let limit): "the target's answer passed \(limit) bytes"
        case .cancelled: "cancelled"
        }
    }
}
