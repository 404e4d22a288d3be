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

    /// The backoff sleeps on a manual clock: each wait is seen as it begins, with its exact
    /// length, and ended by the test, so how busy the machine is changes nothing.
    @Test func probesWithDoublingDelaysUntilAnAnswer() async throws {
        let clock = ManualClock()
        let probe = Probe(failures: 4)
        let backoff = ConnectivityMonitor.Backoff(initial: .milliseconds(20), maximum: .milliseconds(80))
        let monitor = ConnectivityMonitor(offlineMode: false, backoff: backoff, clock: clock) { () async throws(HyperError) in
            try probe.run()
        }
        await monitor.record(.network(reason: "Couldn't connect to server"))
        #expect(await monitor.state == .offline(reason: "Couldn't connect to server"))
        // 20 ms, doubling, capped at 80: the fifth probe answers.
        for (probes, wait) in zip(0..., [20, 40, 80, 80, 80].map { Duration.milliseconds($0) }) {
            #expect(await eventually { clock.waitingSleeps == [wait] }, "wait \(probes + 1): \(clock.waitingSleeps)")
            #expect(probe.times.withLock { $0.count } == probes, "no probe before its wait is over")
            clock.advance(by: wait)
        }
        #expect(await eventually { await monitor.state == .online })
        #expect(probe.times.withLock { $0.count } == 5)
        #expect(clock.waitingSleeps.isEmpty, "online: probing stopped")
        await monitor.stop()
    }

    @Test func anErrorAnswerMeansTheServerIsBack() async throws {
        let clock = ManualClock()
        let probe = Probe(failures: 1, answer: .hyper(status: 401, msg: "not authorized", body: ["ok": false]))
        let monitor = ConnectivityMonitor(offlineMode: false, backoff: .init(initial: .milliseconds(10), maximum: .milliseconds(20)),
                                          clock: clock) { () async throws(HyperError) in try probe.run() }
        await monitor.record(.network(reason: "timed out"))
        for wait in [10, 20].map({ Duration.milliseconds($0) }) {
            #expect(await eventually { clock.waitingSleeps == [wait] }, "\(clock.waitingSleeps)")
            clock.advance(by: wait)
        }
        #expect(await eventually { await monitor.state == .online })
        #expect(probe.times.withLock { $0.count } == 2)
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
