import HyperJSON
import HyperTransport
import Logging

/// Delivers READY jobs, one at a time per queue, in enqueue order. `wake` after every enqueue
/// or retry; on start, every queue with READY jobs is woken (hyper nano forgets them).
/// Each queue delivers through a connection pool of its own: a target that hangs can only ever
/// hold its own queue's connection, never delay another queue (even one on the same host).
actor QueueDispatcher {
    private let store: QueueStore
    private let poster: WebhookPoster
    private let logger: Logger
    private var workers: [String: Task<Void, Never>] = [:]
    /// Queues woken while their worker was already running: the worker looks again before exiting.
    private var pending: Set<String> = []
    private var stopped = false

    init(store: QueueStore, poster: WebhookPoster, logger: Logger) {
        self.store = store
        self.poster = poster
        self.logger = logger
    }

    func wake(_ queue: String) {
        guard !stopped else { return }
        pending.insert(queue)
        if workers[queue] == nil {
            workers[queue] = Task { await self.drain(queue) }
        }
    }

    func wakeAll() async {
        do {
            for queue in try await store.queuesWithReadyJobs() { wake(queue) }
        } catch {
            logger.error("queue: cannot read READY jobs: \(error)")
        }
    }

    /// Stops delivering; a job in flight stays READY and is delivered after the next start.
    func stop() async {
        stopped = true
        let running = Array(workers.values)
        for task in running { task.cancel() }
        for task in running { await task.value }
        workers = [:]
    }

    private func drain(_ queue: String) async {
        // Without a pool of its own (curl could not make one) the queue shares the engine's.
        let pool = try? CurlPool()
        while !stopped, !Task.isCancelled {
            pending.remove(queue)
            do {
                while !Task.isCancelled, let delivery = try await store.nextReady(queue) {
                    let failure = await poster.deliver(delivery, pool: pool)
                    if Task.isCancelled { break }
                    if let failure {
                        logger.info("queue \(queue): job \(delivery.id) failed: \(failure.compact)")
                        try await store.failed(delivery.id, error: failure)
                    } else {
                        try await store.delivered(delivery.id)
                    }
                }
            } catch is CancellationError {
                break  // stopping: the job stays READY for the next start
            } catch {
                logger.error("queue \(queue): \(error)")
            }
            if !pending.contains(queue) { break }
        }
        workers[queue] = nil
    }
}
