import CCurl
import CCurlShim
import Foundation

/// The process's one curl multi handle, driven by its own thread. Tasks hand in transfers and
/// await them; the thread adds them to the multi handle, runs curl and resumes each task from
/// there. One multi handle means one connection cache: keep-alive reuse and HTTP/2
/// multiplexing across every client in the process (transfers given a `CurlPool` keep to
/// that pool's cache instead). Unchecked Sendable: the hand-over lists are guarded by `lock`,
/// everything else belongs to the engine thread.
package final class CurlEngine: @unchecked Sendable {
    package static let shared = CurlEngine()
    static let connectionsPerHost = 8

    private let multi: UnsafeMutableRawPointer
    private let lock = NSLock()
    // Guarded by `lock`: handed over from tasks to the thread.
    private var incoming: [CurlTransfer] = []
    private var cancellations: [CurlTransfer] = []
    // Only touched by the engine thread.
    private var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]

    private init() {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT))
        multi = curl_multi_init()
        ccurl_multi_setopt_long(multi, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX))
        // Like a browser: a few connections per host (more requests queue inside curl), and a
        // cache big enough that a burst to one host does not evict idle connections to others.
        ccurl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, CurlEngine.connectionsPerHost)
        ccurl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, 64)
        let thread = Thread { [unowned self] in self.run() }
        thread.name = "hyper-curl"
        thread.start()
    }

    /// Runs `transfer` to completion. Cancelling the calling task aborts the transfer and
    /// returns `.cancelled`.
    package func perform(_ transfer: CurlTransfer) async -> Result<HTTPResponse, TransportFailure> {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let accepted = lock.withLock {
                    guard !transfer.cancelRequested else { return false }
                    transfer.attach(continuation)
                    incoming.append(transfer)
                    return true
                }
                if accepted {
                    curl_multi_wakeup(multi)
                } else {
                    continuation.resume(returning: .failure(.cancelled))
                }
            }
        } onCancel: {
            lock.withLock {
                transfer.cancelRequested = true
                cancellations.append(transfer)
            }
            curl_multi_wakeup(multi)
        }
    }

    private func run() {
        var running: Int32 = 0
        while true {
            takeHandOvers()
            curl_multi_perform(multi, &running)
            collectFinished()
            // Sleeps until a socket is ready, curl's next timeout, or `curl_multi_wakeup`.
            curl_multi_poll(multi, nil, 0, active.isEmpty ? 60_000 : 1_000, nil)
        }
    }

    private func takeHandOvers() {
        let (added, cancelledEarly, cancelled) = lock.withLock {
            defer { incoming.removeAll(); cancellations.removeAll() }
            return (incoming.filter { !$0.cancelRequested }, incoming.filter(\.cancelRequested), cancellations)
        }
        for transfer in cancelledEarly { transfer.complete(.failure(.cancelled)) }
        for transfer in added {
            active[transfer.easy] = transfer
            curl_multi_add_handle(multi, transfer.easy)
        }
        for transfer in cancelled where active.removeValue(forKey: transfer.easy) != nil {
            curl_multi_remove_handle(multi, transfer.easy)
            transfer.complete(.failure(.cancelled))
        }
    }

    private func collectFinished() {
        var left: Int32 = 0
        while let message = curl_multi_info_read(multi, &left) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
            let code = message.pointee.data.result
            curl_multi_remove_handle(multi, easy)
            active.removeValue(forKey: easy)?.complete(code: code)
        }
    }
}
