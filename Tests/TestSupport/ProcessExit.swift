import Foundation
import Synchronization

/// Awaits a child process's exit without blocking a thread of the (2-thread) cooperative pool,
/// which `waitUntilExit()` would do, stalling every other test in the process.
public final class ProcessExit: Sendable {
    private let state = Mutex<(exited: Bool, waiter: CheckedContinuation<Void, Never>?)>((false, nil))

    /// Call before `run()`.
    public init(watching process: Process) {
        process.terminationHandler = { [self] _ in
            let waiter = state.withLock { state in
                state.exited = true
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume()
        }
    }

    public func wait() async {
        await withCheckedContinuation { continuation in
            let exited = state.withLock { state in
                if !state.exited { state.waiter = continuation }
                return state.exited
            }
            if exited { continuation.resume() }
        }
    }
}

extension Process {
    /// Runs the process and awaits its exit status, without blocking a thread either.
    public func runToExit() async throws -> Int32 {
        let exit = ProcessExit(watching: self)
        try run()
        await exit.wait()
        return terminationStatus
    }
}
