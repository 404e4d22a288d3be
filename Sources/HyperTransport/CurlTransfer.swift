import CCurl
import CCurlShim
import Foundation
import HyperJSON

/// One HTTP exchange on one curl easy handle: configures it, feeds the request body, collects
/// headers and body, and turns curl's result into an `HTTPResponse`.
///
/// Ownership: the creating task configures it, then hands it to `CurlEngine`; from then on only
/// the engine thread (curl callbacks included) touches it, until `complete` resumes the waiting
/// task exactly once. Hence `@unchecked Sendable`.
package final class CurlTransfer: @unchecked Sendable {
    let easy: UnsafeMutableRawPointer
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private let source: BodySource?
    private let sink: BodySink
    private let progress: ProgressHandler?
    private let isUpload: Bool
    private let maxAnswerBytes: Int64
    /// Kept alive as long as the easy handle that uses its share handle.
    private let pool: CurlPool?
    private var responseHeaders: [(String, String)] = []
    private var continuation: CheckedContinuation<Result<HTTPResponse, TransportFailure>, Never>?
    private var finished = false

    /// Guarded by `CurlEngine`'s lock: set when the task asked to cancel.
    var cancelRequested = false

    /// A transfer ready for `CurlEngine.perform`; with a `pool`, it takes and leaves its
    /// connection in that pool's cache instead of the engine's.
    package init(_ request: HTTPRequest, settings: TransferSettings, pool: CurlPool? = nil) throws(TransportFailure) {
        // The body first: it may throw, and nothing needs freeing yet.
        switch request.body {
        case .none: source = nil
        case .bytes(let bytes): source = BodySource(bytes: bytes)
        case .file(let path): source = try BodySource(path: path)
        }
        if let unavailable = TransportFailure.libcurlUnavailable { throw unavailable }
        guard let easy = curl_easy_init() else { throw .curl(code: -1, reason: "curl_easy_init failed") }
        self.easy = easy
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(to: 0)
        progress = request.progress
        sink = BodySink(target: request.sink, memoryLimit: settings.maxAnswerBytes)
        isUpload = source != nil
        maxAnswerBytes = settings.maxAnswerBytes
        self.pool = pool
        configure(request, settings)
    }

    deinit {
        curl_easy_cleanup(easy)
        if let headerList { curl_slist_free_all(headerList) }
        errorBuffer.deallocate()
    }

    private func configure(_ request: HTTPRequest, _ settings: TransferSettings) {
        let me = Unmanaged.passUnretained(self).toOpaque()
        ccurl_setopt_str(easy, CURLOPT_URL, request.url)
        ccurl_setopt_long(easy, CURLOPT_NOSIGNAL, 1)                 // we run on our own thread
        ccurl_setopt_ptr(easy, CURLOPT_ERRORBUFFER, errorBuffer)
        if settings.decodesContent {
            ccurl_setopt_str(easy, CURLOPT_ACCEPT_ENCODING, "")     // all curl decodes, transparently
        } else {
            ccurl_setopt_long(easy, CURLOPT_HTTP_CONTENT_DECODING, 0)
        }
        if let share = pool?.share { ccurl_setopt_ptr(easy, CURLOPT_SHARE, share) }
        if case .memory = request.sink {
            // An announced Content-Length over the limit fails before any byte is read; the
            // write callback bounds what is decoded (compressed or chunked answers).
            ccurl_setopt_off(easy, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(settings.maxAnswerBytes))
        }
        ccurl_setopt_long(easy, CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_2TLS))
        ccurl_setopt_long(easy, CURLOPT_TCP_KEEPALIVE, 1)
        // A burst of requests to an HTTP/2 server waits for the first connection and shares it
        // (multiplexing) instead of opening one connection each.
        ccurl_setopt_long(easy, CURLOPT_PIPEWAIT, 1)
        ccurl_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, milliseconds(settings.connectTimeout))
        ccurl_setopt_long(easy, CURLOPT_TIMEOUT_MS, milliseconds(settings.totalTimeout))
        // Redirects, for reads only (see `TransferSettings.followsRedirects`): curl (>= 7.83)
        // drops a custom Authorization header when the host, port or scheme changes, and
        // UNRESTRICTED_AUTH=0 keeps it that way; a test proves it.
        ccurl_setopt_long(easy, CURLOPT_FOLLOWLOCATION, settings.followsRedirects && request.isRead ? 1 : 0)
        ccurl_setopt_long(easy, CURLOPT_MAXREDIRS, 10)
        ccurl_setopt_long(easy, CURLOPT_UNRESTRICTED_AUTH, 0)
        ccurl_setopt_str(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        ccurl_setopt_str(easy, CURLOPT_PROTOCOLS_STR, "http,https")
        if settings.insecure {
            ccurl_setopt_long(easy, CURLOPT_SSL_VERIFYPEER, 0)
            ccurl_setopt_long(easy, CURLOPT_SSL_VERIFYHOST, 0)
        }
        if let ca = settings.caCertPath { ccurl_setopt_str(easy, CURLOPT_CAINFO, ca) }

        ccurl_setopt_write(easy, CURLOPT_WRITEFUNCTION, writeCallback)
        ccurl_setopt_ptr(easy, CURLOPT_WRITEDATA, me)
        ccurl_setopt_write(easy, CURLOPT_HEADERFUNCTION, headerCallback)
        ccurl_setopt_ptr(easy, CURLOPT_HEADERDATA, me)
        if progress != nil {
            ccurl_setopt_xferinfo(easy, progressCallback)
            ccurl_setopt_ptr(easy, CURLOPT_XFERINFODATA, me)
            ccurl_setopt_long(easy, CURLOPT_NOPROGRESS, 0)
        }

        var headers = request.headers
        if let source {
            // A body always goes through the read callback with a known length (no chunked
            // encoding); the custom method string turns the POST into PUT/DELETE when needed.
            ccurl_setopt_long(easy, CURLOPT_POST, 1)
            ccurl_setopt_off(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(source.size))
            ccurl_setopt_read(easy, readCallback)
            ccurl_setopt_ptr(easy, CURLOPT_READDATA, me)
            ccurl_setopt_seek(easy, seekCallback)
            ccurl_setopt_ptr(easy, CURLOPT_SEEKDATA, me)
            // curl would wait up to a second for "100 Continue" before sending a large body.
            headers.append(("Expect", ""))
            if request.method != "POST" { ccurl_setopt_str(easy, CURLOPT_CUSTOMREQUEST, request.method) }
        } else if request.method == "HEAD" {
            ccurl_setopt_long(easy, CURLOPT_NOBODY, 1)
        } else if request.method == "POST" || request.method == "PUT" {
            // Sends "Content-Length: 0", which some servers insist on for a body-less POST/PUT.
            ccurl_setopt_long(easy, CURLOPT_POST, 1)
            ccurl_setopt_off(easy, CURLOPT_POSTFIELDSIZE_LARGE, 0)
            ccurl_setopt_str(easy, CURLOPT_COPYPOSTFIELDS, "")
            if request.method != "POST" { ccurl_setopt_str(easy, CURLOPT_CUSTOMREQUEST, request.method) }
        } else if request.method != "GET" {
            ccurl_setopt_str(easy, CURLOPT_CUSTOMREQUEST, request.method)
        }
        for (name, value) in headers {
            // "Name;" is curl's way to send a header with an empty value; "Name:" removes one.
            let line = value.isEmpty && name != "Expect" ? "\(name);" : "\(name): \(value)"
            headerList = curl_slist_append(headerList, line)
        }
        if let headerList { ccurl_setopt_slist(easy, CURLOPT_HTTPHEADER, headerList) }
    }

    private func milliseconds(_ seconds: Double) -> Int { max(1, Int((seconds * 1000).rounded())) }

    // MARK: - Engine side

    /// Called by the engine (under its lock) when the transfer is submitted.
    func attach(_ continuation: CheckedContinuation<Result<HTTPResponse, TransportFailure>, Never>) {
        self.continuation = continuation
    }

    /// Resumes the waiting task once; later calls are ignored.
    func complete(_ result: Result<HTTPResponse, TransportFailure>) {
        guard !finished else { return }
        finished = true
        if case .failure = result { sink.discardPartialFile() }
        sink.close()
        source?.close()
        continuation?.resume(returning: result)
        continuation = nil
    }

    /// Turns curl's final code into the result.
    func complete(code: CURLcode) {
        if let failure = sink.failure ?? source?.failure {
            complete(.failure(.file(failure)))
            return
        }
        if sink.exceededLimit || code == CURLE_FILESIZE_EXCEEDED {
            complete(.failure(.answerTooLarge(limit: maxAnswerBytes)))
            return
        }
        // A `.prefix` sink stops the transfer itself once it has its bytes: that is an answer.
        guard code == CURLE_OK || sink.hasPrefix else {
            complete(.failure(.curl(code: Int(code.rawValue), reason: reason(code))))
            return
        }
        let status = info(CURLINFO_RESPONSE_CODE)
        if (200..<300).contains(status), let failure = sink.finishEmptyFile() {
            complete(.failure(.file(failure)))
            return
        }
        var urlPointer: UnsafeMutablePointer<CChar>?
        ccurl_getinfo_str(easy, CURLINFO_EFFECTIVE_URL, &urlPointer)
        complete(.success(HTTPResponse(
            status: status, headers: responseHeaders, body: sink.memory, fileBytes: sink.fileBytes,
            httpVersion: info(CURLINFO_HTTP_VERSION), newConnections: info(CURLINFO_NUM_CONNECTS),
            effectiveURL: urlPointer.map { String(cString: $0) } ?? "")))
    }

    /// curl's words for a failure. A timeout is worded per stage, and not always as one
    /// ("Failed to resolve host '…' with timeout after 0 ms", the 0 being the time that was
    /// left): the reason then leads with how long the transfer ran, as curl's other timeouts do.
    private func reason(_ code: CURLcode) -> String {
        let buffer = String(cString: errorBuffer)
        let said = buffer.isEmpty ? String(cString: curl_easy_strerror(code)) : buffer
        guard code == CURLE_OPERATION_TIMEDOUT, !said.contains("timed out after") else { return said }
        var seconds = 0.0
        ccurl_getinfo_double(easy, CURLINFO_TOTAL_TIME, &seconds)
        return "timed out after \(Int(seconds * 1000)) ms (\(said))"
    }

    /// Whether anything reached a file sink: such a transfer cannot simply be repeated.
    package var wroteToFile: Bool { sink.fileBytes > 0 }

    private func info(_ what: CURLINFO) -> Int {
        var value = 0
        ccurl_getinfo_long(easy, what, &value)
        return value
    }

    // MARK: - Callbacks (engine thread)

    fileprivate func receiveBody(_ data: UnsafeRawBufferPointer) -> Bool {
        let status = info(CURLINFO_RESPONSE_CODE)
        return sink.write(data, success: (200..<300).contains(status))
    }

    fileprivate func receiveHeader(_ data: UnsafeRawBufferPointer) {
        let line = String(decoding: data, as: UTF8.self).trimmingWhitespace
        if line.hasPrefix("HTTP/") {
            responseHeaders.removeAll()   // a new response (after a redirect or 100 Continue)
        } else if let colon = line.firstIndex(of: ":") {
            let name = line[..<colon].lowercased()
            let value = String(line[line.index(after: colon)...].trimmingWhitespace)
            responseHeaders.append((name, value))
        }
    }

    fileprivate func readBody(into buffer: UnsafeMutableRawBufferPointer) -> Int? {
        source?.read(into: buffer)
    }

    fileprivate func rewindBody() -> Bool { source?.rewind() ?? false }

    fileprivate func reportProgress(downloadNow: Int64, downloadTotal: Int64, uploadNow: Int64, uploadTotal: Int64) {
        guard let progress else { return }
        if isUpload {
            progress(TransferProgress(bytes: uploadNow, total: uploadTotal > 0 ? uploadTotal : nil))
        } else {
            progress(TransferProgress(bytes: downloadNow, total: downloadTotal > 0 ? downloadTotal : nil))
        }
    }
}

private func transfer(_ userdata: UnsafeMutableRawPointer?) -> CurlTransfer {
    Unmanaged<CurlTransfer>.fromOpaque(userdata!).takeUnretainedValue()
}

private let writeCallback: curl_write_callback = { pointer, size, count, userdata in
    let length = size * count
    let data = UnsafeRawBufferPointer(start: pointer, count: length)
    return transfer(userdata).receiveBody(data) ? length : 0   // 0 makes curl fail the transfer
}

private let headerCallback: curl_write_callback = { pointer, size, count, userdata in
    let length = size * count
    transfer(userdata).receiveHeader(UnsafeRawBufferPointer(start: pointer, count: length))
    return length
}

private let readCallback: curl_read_callback = { pointer, size, count, userdata in
    let buffer = UnsafeMutableRawBufferPointer(start: pointer, count: size * count)
    return transfer(userdata).readBody(into: buffer) ?? Int(CURL_READFUNC_ABORT)
}

private let seekCallback: curl_seek_callback = { userdata, offset, origin in
    // curl only ever rewinds to the start (redirects, retried sends).
    guard offset == 0, origin == SEEK_SET else { return CURL_SEEKFUNC_CANTSEEK }
    return transfer(userdata).rewindBody() ? CURL_SEEKFUNC_OK : CURL_SEEKFUNC_FAIL
}

private let progressCallback: curl_xferinfo_callback = { userdata, dlTotal, dlNow, ulTotal, ulNow in
    transfer(userdata).reportProgress(downloadNow: Int64(dlNow), downloadTotal: Int64(dlTotal),
                                      uploadNow: Int64(ulNow), uploadTotal: Int64(ulTotal))
    return 0
}
