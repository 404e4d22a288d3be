import Foundation
import Glibc
import Synchronization

/// Awaits a child process's exit without blocking a thread of the (2-thread) cooperative pool,
/// which `waitUntilExit()` would do, stalling every other test in the process.
///
/// Foundation learns that a child exited when a socket it gave the child closes, and any other
/// child started meanwhile inherits that socket too (swift-corelibs-foundation issue 4795): a
/// finished child then stays unreaped, its termination handler never runs, and its test waited
/// for ever (twice in a day here, holding up the whole run). So the kernel is asked as well,
/// every few milliseconds, without reaping the child (`WNOWAIT`), which Foundation still does.
public final class ProcessExit: Sendable {
    private let process: Process
    private let noticed = Mutex(false)

    /// Call before `run()`.
    public init(watching process: Process) {
        self.process = process
        process.terminationHandler = { [self] _ in noticed.withLock { $0 = true } }
    }

    /// How the process ended, once it has: as Foundation reports it, or as the kernel does when
    /// Foundation has not noticed (the status is then the exit code, or the signal's number).
    @discardableResult
    public func wait() async -> (reason: Process.TerminationReason, status: Int32) {
        let pid = process.processIdentifier
        while true {
            if noticed.withLock({ $0 }) { return (process.terminationReason, process.terminationStatus) }
            var info = siginfo_t()
            if waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0, info._sifields._sigchld.si_pid == pid {
                return (info.si_code == CLD_EXITED ? .exit : .uncaughtSignal, info._sifields._sigchld.si_status)
            }
            try? await Task.sleep(for: .milliseconds(5))
        }
    }
}

extension Process {
    /// Runs the process and awaits its exit status, without blocking a thread either.
    public func runToExit() async throws -> Int32 {
        let exit = ProcessExit(watching: self)
        try run()
        return await exit.wait().status
    }
}
