import Synchronization

/// Problems of local state met by a session, each said once: the CLI prints the new ones on
/// stderr when a command ends, the browser shows them in the status line.
final class ProblemLog: Sendable {
    private struct State {
        var said: Set<String> = []
        var unsaid: [LocalStateProblem] = []
    }
    private let state = Mutex(State())

    /// Records `problem` unless it was recorded before.
    func note(_ problem: LocalStateProblem) {
        state.withLock { state in
            if state.said.insert(problem.description).inserted { state.unsaid.append(problem) }
        }
    }

    /// The problems recorded since the last call.
    func take() -> [LocalStateProblem] {
        state.withLock { state in
            defer { state.unsaid = [] }
            return state.unsaid
        }
    }
}
