import Foundation
import Synchronization

/// Checks that a server keeps answering while it is attacked: `watching` runs the attack and,
/// all the while, from a thread of its own (a blocking socket, not the cooperative pool an
/// in-process attack may be starving), sends rounds of requests over fresh connections, timing
/// each from connect to last byte: `GET /` to an idle control nano (a child process started
/// for the watch, like the attacked one), `GET <path>` to the attacked server, `GET /` to the
/// control again.
///
/// The control tells a starved machine from a starved server: on 2 cores shared with other
/// builds, a second can pass between two instructions of any process. A round whose control
/// answers took more than half the bound says the machine itself was too slow then; it is
/// counted but not judged. In every other round the attacked server must answer 200 within
/// the bound, and at least one round must be judged.
///
///     let (_, report) = try await LivenessProbe.watching(port: port) { try await attack() }
///     #expect(report.isHealthy, "\(report)")
public final class LivenessProbe: Sendable {
    public struct Report: Sendable, CustomStringConvertible {
        /// How many rounds ran.
        public let rounds: Int
        /// The rounds whose control was too slow to judge the attacked server by.
        public let starved: Int
        /// How long the attacked server took in each judged round.
        public let judged: [Duration]
        /// The judged rounds that failed or took longer than the bound, each with why.
        public let failures: [String]
        public let bound: Duration

        public var isHealthy: Bool { failures.isEmpty && !judged.isEmpty }

        public var description: String {
            "\(rounds) rounds, \(starved) starved (control slower than \(bound / 2)), slowest judged \(judged.max() ?? .zero), bound \(bound)"
                + (failures.isEmpty ? "" : "; \(failures.count) failed: " + failures.prefix(5).joined(separator: "; "))
        }
    }

    private struct Round {
        let attacked: Duration
        let failure: String?
        let starved: Bool
    }

    private let port: Int
    private let control: Int
    private let paths: [String]
    private let headers: [String: String]
    private let bound: Duration
    private let interval: Duration
    private let state = Mutex<(stop: Bool, rounds: [Round], finished: CheckedContinuation<Void, Never>?, done: Bool)>(
        (false, [], nil, false))

    private init(port: Int, control: Int, paths: [String], headers: [String: String], bound: Duration, interval: Duration) {
        self.port = port
        self.control = control
        self.paths = paths
        self.headers = headers
        self.bound = bound
        self.interval = interval
    }

    /// Runs `attack` while probing `paths` in turn (`GET /` by default) with `headers` (a token);
    /// in every judged round the attacked server must answer 200 within `bound`.
    public static func watching<T>(
        port: Int, paths: [String] = ["/"], headers: [String: String] = [:], bound: Duration = .seconds(1),
        interval: Duration = .milliseconds(100), _ attack: () async throws -> T
    ) async throws -> (result: T, report: Report) {
        try await ChildNano.with(arguments: ["--quiet"]) { control in
            let probe = LivenessProbe(port: port, control: control.port, paths: paths, headers: headers, bound: bound, interval: interval)
            let thread = Thread { probe.run() }
            thread.name = "liveness-probe"
            thread.start()
            do {
                let result = try await attack()
                return (result, await probe.finish())
            } catch {
                _ = await probe.finish()
                throw error
            }
        }
    }

    /// Stops the probe once it has judged a round (see `run`) and returns what it saw.
    private func finish() async -> Report {
        await withCheckedContinuation { continuation in
            let done = state.withLock { state in
                state.stop = true
                if !state.done { state.finished = continuation }
                return state.done
            }
            if done { continuation.resume() }
        }
        let rounds = state.withLock { $0.rounds }
        let judged = rounds.filter { !$0.starved }
        return Report(rounds: rounds.count, starved: rounds.count - judged.count, judged: judged.map(\.attacked),
                      failures: judged.compactMap(\.failure), bound: bound)
    }

    /// Sends `GET path` to `port`; how long it took, and what was wrong with it if anything.
    private func time(_ port: Int, _ path: String, headers: [String: String] = [:]) -> (Duration, String?) {
        let started = ContinuousClock.now
        var failure: String?
        do {
            // A generous socket deadline, so that a slow answer is measured, not cut short.
            let answer = try RawSocket.get(port: port, path, headers: headers, timeout: bound * 5)
            if answer.status != 200 { failure = "GET \(path) answered \(answer.status): \(answer.text.prefix(200))" }
        } catch {
            failure = "GET \(path): \(error)"
        }
        let elapsed = ContinuousClock.now - started
        if failure == nil, elapsed > bound { failure = "GET \(path) took \(elapsed)" }
        return (elapsed, failure)
    }

    private func run() {
        var turn = 0
        var judgedAny = false
        var stoppedAt: ContinuousClock.Instant?
        while true {
            let path = paths[turn % paths.count]
            turn += 1
            let before = time(control, "/")
            let (attacked, failure) = time(port, path, headers: headers)
            let after = time(control, "/")
            let starved = [before, after].contains { $0.0 > bound / 2 || $0.1 != nil }
            let stop = state.withLock { state in
                state.rounds.append(Round(attacked: attacked, failure: failure, starved: starved))
                return state.stop
            }
            judgedAny = judgedAny || !starved
            // A watch whose every round was starved would judge nothing: it goes on, while the
            // attack's effects last (held sockets, a backlog), until one round can be judged.
            if stop {
                let since = stoppedAt ?? ContinuousClock.now
                stoppedAt = since
                if judgedAny || ContinuousClock.now - since > patience { break }
            }
            Thread.sleep(forTimeInterval: interval.inSeconds)
        }
        let finished = state.withLock { state in
            state.done = true
            defer { state.finished = nil }
            return state.finished
        }
        finished?.resume()
    }
}
