import Foundation
import Synchronization

/// Runs the heavy requests (queries, lists, bulk writes, large bodies: see `RequestWeight`) so
/// that they cannot starve the light ones (`GET /`, a read by id).
///
/// Swift's cooperative pool has one thread per core (two here): a handful of searches that each
/// build a large answer in Swift kept both busy and delayed every other request by hundreds of
/// milliseconds. Heavy requests therefore run on threads of their own (`WorkerThreads`), at most
/// `permits` at once; up to `backlog` more wait their turn without holding a thread, and beyond
/// that a request is answered 503 at once with Retry-After, so neither memory nor waiting time
/// grows without bound.
final class HeavyWork: Sendable {
    let permits: Int
    let backlog: Int
    private let executor: WorkerThreads
    private let state: Mutex<(available: Int, waiting: [CheckedContinuation<Void, Never>])>

    init(permits: Int, backlog: Int) {
        self.permits = max(1, permits)
        self.backlog = max(0, backlog)
        executor = WorkerThreads.shared(count: self.permits)
        state = Mutex((self.permits, []))
    }

    func run<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        try await acquire()
        defer { release() }
        return try await withTaskExecutorPreference(executor) { try await body() }
    }

    private func acquire() async throws(HyperFailure) {
        enum Turn { case now, wait, refused }
        var turn = Turn.refused
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            turn = state.withLock { state in
                if state.available > 0 {
                    state.available -= 1
                    return .now
                }
                guard state.waiting.count < backlog else { return .refused }
                state.waiting.append(continuation)
                return .wait
            }
            if turn != .wait { continuation.resume() }
        }
        if turn == .refused { throw busy }
    }

    /// Hands the permit to the longest waiting request, or returns it.
    private func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard !state.waiting.isEmpty else {
                state.available += 1
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.resume()
    }

    private var busy: HyperFailure {
        var failure = HyperFailure(
            503, "server busy: \(permits) heavy requests (queries, lists, bulk writes) are running and \(backlog) more "
                + "are waiting, the most nano allows (--heavy-limit, --heavy-backlog); retry shortly")
        failure.retryAfterSeconds = 1
        return failure
    }
}

/// Threads of their own for heavy requests, as a task executor: work started under
/// `withTaskExecutorPreference` runs here, not on the cooperative pool. One set per process,
/// sized by the largest number of permits asked for (every in-process server shares it; a
/// server's own `HeavyWork` bounds how many of its requests run at once).
final class WorkerThreads: TaskExecutor {
    private let jobs = Mutex<[UnownedJob]>([])
    private let ready = DispatchSemaphore(value: 0)
    private let threads = Mutex(0)

    private static let instance = WorkerThreads()

    static func shared(count: Int) -> WorkerThreads {
        instance.grow(to: count)
        return instance
    }

    private func grow(to count: Int) {
        let missing = threads.withLock { started in
            defer { started = max(started, count) }
            return max(0, count - started)
        }
        for _ in 0..<missing {
            let thread = Thread { [self] in work() }
            thread.name = "nano-heavy"
            thread.start()
        }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        jobs.withLock { $0.append(job) }
        ready.signal()
    }

    private func work() {
        while true {
            ready.wait()
            guard let job = jobs.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) else { continue }
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
