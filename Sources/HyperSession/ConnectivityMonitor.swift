import HyperClient

/// Whether the app's server is reachable, learnt from the results of real calls; while offline
/// it probes the server in the background with exponential backoff and goes back online by
/// itself. The title bar subscribes to `states()`.
public actor ConnectivityMonitor {
    public enum State: Sendable, Equatable {
        case online
        /// The last call got no answer; `reason` is the transport's (refused, timed out...).
        case offline(reason: String)
        /// Started with `--offline`: the network is never touched, so this never changes.
        case offlineMode

        public var isOnline: Bool { self == .online }
    }

    /// How long to wait between probes while offline: `initial`, doubling up to `maximum`.
    public struct Backoff: Sendable, Equatable {
        public var initial: Duration
        public var maximum: Duration

        public init(initial: Duration = .seconds(1), maximum: Duration = .seconds(30)) {
            self.initial = initial
            self.maximum = maximum
        }

        public static let standard = Backoff()

        /// The delay after `delay`.
        func next(after delay: Duration) -> Duration { min(delay * 2, maximum) }
    }

    public private(set) var state: State
    private let backoff: Backoff
    /// What the backoff's waits are measured on: the wall clock, or a test's clock that moves
    /// only when the test advances it (so no test depends on how busy the machine is).
    private let clock: any Clock<Duration>
    /// Asks the server something cheap; throws the transport's error when it does not answer.
    private let probe: @Sendable () async throws(HyperError) -> Void
    private var subscribers: [Int: AsyncStream<State>.Continuation] = [:]
    private var nextSubscriber = 0
    private var prober: Task<Void, Never>?

    public init(offlineMode: Bool, backoff: Backoff = .standard, clock: any Clock<Duration> = ContinuousClock(),
                probe: @escaping @Sendable () async throws(HyperError) -> Void) {
        state = offlineMode ? .offlineMode : .online
        self.backoff = backoff
        self.clock = clock
        self.probe = probe
    }

    /// The current state, then every change, until the consumer stops iterating.
    public func states() -> AsyncStream<State> {
        let (stream, continuation) = AsyncStream<State>.makeStream(bufferingPolicy: .bufferingNewest(8))
        let id = nextSubscriber
        nextSubscriber += 1
        subscribers[id] = continuation
        continuation.yield(state)
        continuation.onTermination = { [weak self] _ in
            Task { await self?.unsubscribe(id) }
        }
        return stream
    }

    /// Records the result of a call: an answer of any kind (even an error answer) proves the
    /// server is reachable; a network failure makes the app offline and starts probing.
    public func record(_ error: HyperError?) {
        guard state != .offlineMode else { return }
        if let error, case .network(let reason) = error {
            goOffline(reason: reason)
        } else if case .cancelled? = error {
            return   // says nothing about the server
        } else if case .unaddressable? = error {
            return   // refused before anything was sent
        } else {
            goOnline()
        }
    }

    /// Probes at once instead of waiting out the backoff (the user asked to refresh); the
    /// delays start over from `initial` if the server still does not answer. Does nothing
    /// while online or in offline mode.
    public func probeNow() {
        guard case .offline = state else { return }
        prober?.cancel()
        prober = Task { [backoff, clock, probe] in await self.probeUntilOnline(backoff, clock, probe, firstDelay: .zero) }
    }

    /// Stops background probing (the session is closing).
    public func stop() {
        prober?.cancel()
        prober = nil
        for continuation in subscribers.values { continuation.finish() }
        subscribers.removeAll()
    }

    // MARK: internals

    private func goOnline() {
        prober?.cancel()
        prober = nil
        publish(.online)
    }

    private func goOffline(reason: String) {
        publish(.offline(reason: reason))
        if prober == nil {
            prober = Task { [backoff, clock, probe] in
                await self.probeUntilOnline(backoff, clock, probe, firstDelay: backoff.initial)
            }
        }
    }

    /// Runs in `prober`: sleeps, probes, doubles the delay (from `initial`), until an answer comes.
    private nonisolated func probeUntilOnline(_ backoff: Backoff, _ clock: any Clock<Duration>,
                                              _ probe: @Sendable () async throws(HyperError) -> Void, firstDelay: Duration) async {
        var delay = firstDelay
        while !Task.isCancelled {
            do { try await clock.sleep(for: delay) } catch { return }
            do {
                try await probe()
                await record(nil)
                return
            } catch {
                if !error.isNetworkFailure {
                    await record(error)   // an error answer: the server is there
                    return
                }
                await noteStillOffline(reason: error)
            }
            delay = delay == .zero ? backoff.initial : backoff.next(after: delay)
        }
    }

    private func noteStillOffline(reason error: HyperError) {
        if case .network(let reason) = error, state != .online { publish(.offline(reason: reason)) }
    }

    private func publish(_ new: State) {
        guard new != state else { return }
        state = new
        for continuation in subscribers.values { continuation.yield(new) }
    }

    private func unsubscribe(_ id: Int) {
        subscribers[id] = nil
    }
}
