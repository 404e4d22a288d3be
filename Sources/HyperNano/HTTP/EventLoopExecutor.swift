import NIOCore

/// A connection's event loop as a task executor: the task serving a connection's requests runs
/// on the thread that reads and writes its socket.
///
/// Without it, every request crossed threads four times (the event loop hands the request to
/// Swift's cooperative pool, the response goes back to the event loop, and the next read again):
/// on GET by id those hand-offs cost more than the SQLite lookup. Heavy requests still leave
/// the event loop for `HeavyWork`'s threads, whose executor preference takes over inside.
final class EventLoopExecutor: TaskExecutor {
    private let loop: any EventLoop

    init(_ loop: any EventLoop) {
        self.loop = loop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
