import Foundation
import Synchronization

/// Checks that a server keeps answering while it is attacked: `watching` runs the attack and,
/// all the while, sends `GET <path>` over a fresh connection every `interval` from a thread of
/// its own (a blocking socket, not the cooperative pool an in-process attack may be starving),
/// timing each answer from connect to last byte.
///
///     let report = try await LivenessProbe.watching(port: port) { try await attack() }
///     #expect(report.isHealthy, "\(report)")
public final class LivenessProbe: Sendable {
    public struct Report: Sendable, CustomStringConvertible {
        /// How many probes ran, each with its time.
        public let times: [Duration]
        /// The probes that failed or took longer than the bound, each with why.
        public let failures: [String]
        public let bound: Duration

        public var isHealthy: Bool { failures.isEmpty && !times.isEmpty }
        public var slowest: Duration { times.max() ?? .zero }

        public var description: String {
            "\(times.count) probes, slowest \(slowest), bound \(bound)"
                + (failures.isEmpty ? "" : "; \(failures.count) failed: " + failures.prefix(5).joined(separator: "; "))
        }
    }

    private let port: Int
    private let paths: [String]
    private let headers: [String: String]
    private let bound: Duration
    private let interval: Duration
    private let state = Mutex<(stop: Bool, times: [Duration], failures: [String], finished: CheckedContinuation<Void, Never>?, done: Bool)>(
        (false, [], [], nil, false))

    private init(port: Int, paths: [String], headers: [String: String], bound: Duration, interval: Duration) {
        self.port = port
        self.paths = paths
        self.headers = headers
        self.bound = bound
        self.interval = interval
    }

    /// Runs `attack` while probing `paths` in turn (`GET /` by default) with `headers` (a token);
    /// every probe must answer 200 within `bound`.
    public static func watching<T>(
        port: Int, paths: [String] = ["/"], headers: [String: String] = [:], bound: Duration = .seconds(1),
        interval: Duration = .milliseconds(100), _ attack: () async throws -> T
    ) async throws -> (result: T, report: Report) {
        let probe = LivenessProbe(port: port, paths: paths, headers: headers, bound: bound, interval: interval)
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

    /// Stops the probe after at least one probe and returns what it saw.
    private func finish() async -> Report {
        await withCheckedContinuation { continuation in
            let done = state.withLock { state in
                state.stop = true
                if !state.done { state.finished = continuation }
                return state.done
            }
            if done { continuation.resume() }
        }
        return state.withLock { Report(times: $0.times, failures: $0.failures, bound: bound) }
    }

    private func run() {
        var turn = 0
        while true {
            let path = paths[turn % paths.count]
            turn += 1
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
            let stop = state.withLock { state in
                state.times.append(elapsed)
                if let failure { state.failures.append(failure) }
                return state.stop
            }
            if stop { break }
            Thread.sleep(forTimeInterval: Double(interval.components.attoseconds) / 1e18 + Double(interval.components.seconds))
        }
        let finished = state.withLock { state in
            state.done = true
            defer { state.finished = nil }
            return state.finished
        }
        finished?.resume()
    }
}
