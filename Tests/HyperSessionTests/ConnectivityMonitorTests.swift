import Foundation
import HyperClient
import HyperSession
import Synchronization
import TestSupport
import Testing

@Suite("connectivity monitor backoff")
struct ConnectivityMonitorTests {
    /// A probe that fails with "no answer" `failures` times, then answers; it records when it ran.
    final class Probe: Sendable {
        let failures: Int
        let answer: HyperError?
        let times = Mutex<[ContinuousClock.Instant]>([])
        init(failures: Int, answer: HyperError? = nil) { self.failures = failures; self.answer = answer }

        func run() throws(HyperError) {
            let count = times.withLock { times in
                times.append(.now)
                return times.count
            }
            if count <= failures { throw .network(reason: "Couldn't connect to server") }
            if let answer { throw answer }
        }
    }

    @Test func probesWithDoublingDelaysUntilAnAnswer() async throws {
        let probe = Probe(failures: 4)
        let backoff = ConnectivityMonitor.Backoff(initial: .milliseconds(20), maximum: .milliseconds(80))
        let monitor = ConnectivityMonitor(offlineMode: false, backoff: backoff) { () async throws(HyperError) in try probe.run() }
        await monitor.record(.network(reason: "Couldn't connect to server"))
        #expect(await monitor.state == .offline(reason: "Couldn't connect to server"))
        #expect(await eventually { await monitor.state == .online })

        let times = probe.times.withLock { $0 }
        #expect(times.count == 5)
        let gaps = zip(times.dropFirst(), times).map { $0 - $1 }
        // Each wait is at least its delay: 40, 80, then capped at 80.
        for (gap, minimum) in zip(gaps, [40, 80, 80, 80]) { #expect(gap >= .milliseconds(minimum)) }
        await monitor.stop()
    }

    @Test func anErrorAnswerMeansTheServerIsBack() async throws {
        let probe = Probe(failures: 1, answer: .hyper(status: 401, msg: "not authorized", body: ["ok": false]))
        let monitor = ConnectivityMonitor(offlineMode: false, backoff: .init(initial: .milliseconds(10), maximum: .milliseconds(20))) {
            () async throws(HyperError) in try probe.run()
        }
        await monitor.record(.network(reason: "timed out"))
        #expect(await eventually { await monitor.state == .online })
        await monitor.stop()
    }

    @Test func offlineModeNeverChangesNorProbes() async throws {
        let probe = Probe(failures: 0)
        let monitor = ConnectivityMonitor(offlineMode: true, backoff: .init(initial: .milliseconds(5), maximum: .milliseconds(5))) {
            () async throws(HyperError) in try probe.run()
        }
        await monitor.record(.network(reason: "x"))
        await monitor.record(nil)
        try await Task.sleep(for: .milliseconds(50))
        #expect(await monitor.state == .offlineMode)
        #expect(probe.times.withLock { $0.isEmpty })
        await monitor.stop()
    }
}
