import Glibc

/// Runs a CLI command's async code on the main thread, one job after another.
///
/// Swift's async `main` parks the main thread (`dispatch_main`) and runs everything on the
/// global pool: a pool thread started to run the command, another for the main queue that ends
/// the process, and a hand-off between threads at each step. A CLI command is one task doing
/// one thing at a time, so the thread that parsed it can as well run it: measured on a hello
/// program, 0.3 ms of CPU less, a malloc arena less and no scheduler wake-up to wait for on a
/// busy machine. Default actors and child tasks follow the task's executor preference, so they
/// run here too; libcurl's transfers still run on the transport's own thread and resume here.
///
/// Nothing run here may wait synchronously for other async work (a semaphore waiting for a
/// task, `MainActor`, `DispatchQueue.main`): the only thread that could run it is the one
/// waiting. The browser needs the main queue, so `HyperVision.main` keeps Swift's own model for it.
final class MainThreadExecutor: TaskExecutor, @unchecked Sendable {
    // `jobs` and `finished` are guarded by `mutex`, which is what makes the unchecked Sendable sound.
    private var mutex = pthread_mutex_t()
    private var wake = pthread_cond_t()
    private var jobs: [UnownedJob] = []
    private var finished = false

    private init() {
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&wake, nil)
    }

    /// Runs `operation` in a task that prefers this executor, serving its jobs on the calling
    /// thread, and returns once the task is done.
    static func run(_ operation: sending @escaping () async -> Void) {
        let executor = MainThreadExecutor()
        Task(executorPreference: executor) {
            await operation()
            executor.finish()
        }
        executor.serve()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        locked {
            jobs.append(job)
            pthread_cond_signal(&wake)
        }
    }

    private func finish() {
        locked {
            finished = true
            pthread_cond_signal(&wake)
        }
    }

    /// Runs jobs as they come until the task has finished and no job is left.
    private func serve() {
        while true {
            let batch: [UnownedJob] = locked {
                while jobs.isEmpty && !finished { pthread_cond_wait(&wake, &mutex) }
                defer { jobs.removeAll(keepingCapacity: true) }
                return jobs
            }
            if batch.isEmpty { return }
            for job in batch { job.runSynchronously(on: asUnownedTaskExecutor()) }
        }
    }

    private func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return body()
    }
}
