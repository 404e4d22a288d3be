import Foundation
import HyperTransport

extension HyperClient {
    /// Sends a request with the connection's credentials, retrying idempotent requests that
    /// could not connect or met a 502/503/504 (with exponential backoff), and logs it all when
    /// `debugLog` is set. A write answered with a redirect throws `.redirectedWrite`: it is not
    /// followed, and the redirect's answer must not pass for the write's.
    func send(_ request: HTTPRequest) async throws(HyperError) -> HTTPResponse {
        var request = request
        request.headers.append(("User-Agent", "hyper-vision"))
        if let token = tokens.token() { request.headers.append(("Authorization", "Bearer \(token)")) }
        let settings = TransferSettings(options)
        var attempt = 0
        while true {
            if Task.isCancelled { throw .cancelled }
            log?.request(request, attempt: attempt)
            let started = ContinuousClock.now
            let transfer: CurlTransfer
            do { transfer = try CurlTransfer(request, settings: settings) } catch { throw HyperClient.hyperError(error) }
            let result = await engine.perform(transfer)
            let elapsed = ContinuousClock.now - started
            let canRetry = request.isIdempotent && attempt < options.maxRetries && !transfer.wroteToFile
            switch result {
            case .success(let response):
                log?.response(response, elapsed: elapsed)
                if !request.isRead, let location = response.redirectLocation {
                    throw .redirectedWrite(method: request.method, status: response.status, location: location)
                }
                guard canRetry, RetryPolicy.retriableStatuses.contains(response.status) else { return response }
                try await RetryPolicy.pause(attempt: attempt, retryAfter: response.header("retry-after"), log: log)
            case .failure(let failure):
                log?.failure(failure, elapsed: elapsed)
                guard canRetry, failure.isConnectionFailure else {
                    throw HyperClient.hyperError(failure, method: request.method)
                }
                try await RetryPolicy.pause(attempt: attempt, retryAfter: nil, log: log)
            }
            attempt += 1
        }
    }

    /// The error of a failed transfer. A write that failed after it may have been sent (a
    /// timeout, a dropped connection) says so: the journal and the user must not take "failed"
    /// for "not applied".
    static func hyperError(_ failure: TransportFailure, method: String = "GET") -> HyperError {
        switch failure {
        case .curl(_, let reason) where method != "GET" && method != "HEAD" && !failure.neverSent:
            .network(reason: reason + " (no answer: the server may have applied this write; refresh to check)")
        case .curl(_, let reason): .network(reason: reason)
        case .file(let reason): .network(reason: reason)
        case .answerTooLarge(let limit): .answerTooLarge(limit: limit, method: method)
        case .cancelled: .cancelled
        }
    }
}

extension TransferSettings {
    /// A client's transfers: its timeouts, TLS and answer limit; redirects followed for reads,
    /// compressed answers asked for and decoded.
    init(_ options: ClientOptions) {
        self.init(connectTimeout: options.connectTimeout, totalTimeout: options.totalTimeout,
                  insecure: options.insecure, caCertPath: options.caCertPath,
                  maxAnswerBytes: options.maxAnswerBytes)
    }
}
