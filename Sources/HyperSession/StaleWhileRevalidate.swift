import HyperClient
import HyperJSON
import HyperModel
import HyperStore

extension AppSession {
    /// Stale-while-revalidate: yields the cached page at once (when there is one), then asks the
    /// server and yields its answer (stored in the cache first), or why there is none. The
    /// stream ends after that; cancelling its consumer cancels the request. While the app is
    /// known to be offline the server is not asked: `offline` follows the cached page at once.
    /// Answers are as the server gave them (`HyperClient.read`); `request.decode` types them.
    public func read(_ request: HyperRead) -> AsyncStream<PageUpdate> {
        AsyncStream { continuation in
            let task = Task {
                if let page = cachedPage(request) {
                    continuation.yield(.cached(page.answer, age: page.age))
                }
                continuation.yield(await fetch(request))
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// The cached answer of `request`; for a document, else any cached page holding it (so a
    /// document only seen in a list opens offline). A cache that cannot be read is treated as
    /// empty (it only ever saves a round trip), and said once.
    func cachedPage(_ request: HyperRead) -> CachedPage? {
        guard let (cache, app) = cache else { return nil }
        do {
            if let page = try cache.lookup(app: app, request: RequestKey(request)) { return page }
            guard let id = request.documentID else { return nil }
            return try cache.cachedDocument(app: app, service: request.service, id: id)
        } catch {
            noteFailure(.pageCache, error)
            return nil
        }
    }

    /// The server's answer to `request` (stored in the cache first), or why there is none;
    /// never the cached page. For a reader that would not show the cached page anyway (the CLI
    /// online), which then spares the cache lookup.
    public func fetch(_ request: HyperRead) async -> PageUpdate {
        // Known to be unreachable: do not wait for the transport to fail again (a connect
        // timeout on a dead link). The monitor's probes find the server again, and
        // `connectivity.probeNow()` asks at once.
        if case .offline(let reason) = await connectivity.state { return .offline(reason: reason) }
        let answer: JSON
        do {
            answer = try await call { () async throws(HyperError) in try await client.read(request) }
        } catch {
            return update(for: error)
        }
        // A cache that cannot be written costs the next start a round trip, nothing else.
        if let app = localApp {
            do { try store.keep(app: app, request: RequestKey(request), answer: answer) } catch { noteFailure(.pageCache, error) }
        }
        return .fresh(answer)
    }

    private func update(for error: SessionError) -> PageUpdate {
        switch error {
        case .server(let hyper) where !hyper.isNetworkFailure: .failed(hyper)
        default: .offline(reason: error.description)
        }
    }
}
