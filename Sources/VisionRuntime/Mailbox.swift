import Foundation
import Synchronization
import VisionCore

/// Where workers post their answers. Posting also writes a byte to a pipe the UI loop polls,
/// so the loop sleeps until there is input or news, never busy-waits; a test driver awaits
/// `news()` instead.
public final class Mailbox: Sendable {
    private struct State {
        var messages: [Msg] = []
        var waiters: [CheckedContinuation<Void, Never>] = []
    }
    private let state = Mutex(State())
    let readFD: Int32
    let writeFD: Int32

    public init() {
        var fds: [Int32] = [0, 0]
        pipe(&fds)
        readFD = fds[0]
        writeFD = fds[1]
        _ = fcntl(readFD, F_SETFL, fcntl(readFD, F_GETFL) | O_NONBLOCK)
        _ = fcntl(writeFD, F_SETFL, fcntl(writeFD, F_GETFL) | O_NONBLOCK)
    }

    deinit {
        close(readFD)
        close(writeFD)
    }

    /// Safe from any thread or task.
    public func post(_ message: Msg) {
        let waiters = state.withLock { state in
            state.messages.append(message)
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
        var byte: UInt8 = 1
        _ = write(writeFD, &byte, 1)
    }

    public var isEmpty: Bool { state.withLock { $0.messages.isEmpty } }

    /// Returns when a message is waiting (at once if one is).
    public func news() async {
        await withCheckedContinuation { continuation in
            let waiting = state.withLock { state in
                if state.messages.isEmpty { state.waiters.append(continuation) }
                return !state.messages.isEmpty
            }
            if waiting { continuation.resume() }
        }
    }

    /// Wakes every `news()` waiter without a message (a test driver's deadline).
    public func wakeWaiters() {
        let waiters = state.withLock { state in
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    func drain() -> [Msg] {
        var buffer = [UInt8](repeating: 0, count: 256)
        while read(readFD, &buffer, buffer.count) > 0 {}
        return state.withLock { state in
            defer { state.messages = [] }
            return state.messages
        }
    }
}
