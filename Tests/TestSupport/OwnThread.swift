import Dispatch
import Foundation
import Synchronization
import Testing

/// Runs `body` on a thread of its own instead of the cooperative pool. The pool has one thread
/// per core, two here, shared by every test in the process: blocking work there (a socket
/// read, a child's exit, seconds of computing) stalls every other test, in-process servers
/// included. `body` stays in the calling task (it runs under a task executor preference), so
/// `#expect` and task-locals work in it as anywhere in a test.
public func onOwnThread<T, Failure: Error>(_ body: () async throws(Failure) -> T) async throws(Failure) -> T {
    let thread = ThreadExecutor()
    defer { thread.stop() }
    return try await withTaskExecutorPreference(thread, isolation: nil, operation: body)
}

/// Every test case of a suite (`@Suite(.ownThread)`) or of one test (`@Test(.ownThread)`) runs
/// on a thread of its own (see `onOwnThread`): for tests that compute for seconds.
public struct OwnThreadTrait: TestCaseScoping {
    public func provideScope(for test: Test, testCase: Test.Case?,
                             performing function: @Sendable () async throws -> Void) async throws {
        try await onOwnThread(function)
    }
}

extension Trait where Self == OwnThreadTrait {
    /// Runs each test case on a thread of its own, off the cooperative pool (see `OwnThreadTrait`).
    public static var ownThread: Self { OwnThreadTrait() }
}

/// A task executor that is one thread: it runs the jobs it is given in order until stopped.
final class ThreadExecutor: TaskExecutor {
    private let jobs = Mutex<[UnownedJob]>([])
    /// Signalled once per job, and once more to stop.
    private let ready = DispatchSemaphore(value: 0)

    init() {
        let thread = Thread { [self] in run() }
        thread.name = "test-own-thread"
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        jobs.withLock { $0.append(job) }
        ready.signal()
    }

    /// Ends the thread once the jobs given so far have run.
    func stop() { ready.signal() }

    private func run() {
        while true {
            ready.wait()
            guard let job = jobs.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) else { return }
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
