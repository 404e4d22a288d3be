import Testing

/// The tests that load the machine (socket floods, heavy-request floods, memory measurements,
/// child nanos seeded with thousands of documents, timed liveness probes) run one at a time in
/// the whole test process, whichever suite or test target they belong to: side by side they
/// starved each other on 2 cores, and each one's measurements measured the others. The rest of
/// the suite still runs beside them. `@Suite(.heavy)` for every test of a suite (each test case
/// takes its turn), `@Test(.heavy)` for one test.
public struct HeavyTrait: TestCaseScoping {
    public func provideScope(for test: Test, testCase: Test.Case?,
                             performing function: @Sendable () async throws -> Void) async throws {
        await HeavyTurn.shared.take()
        do {
            try await function()
        } catch {
            await HeavyTurn.shared.give()
            throw error
        }
        await HeavyTurn.shared.give()
    }
}

extension Trait where Self == HeavyTrait {
    /// Runs alone among the heavy tests of the test process (see `HeavyTrait`).
    public static var heavy: Self { HeavyTrait() }
}

/// One turn, handed out in the order it was asked for.
actor HeavyTurn {
    static let shared = HeavyTurn()

    private var taken = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func take() async {
        guard taken else {
            taken = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func give() {
        if waiting.isEmpty {
            taken = false
        } else {
            waiting.removeFirst().resume()   // the turn passes on, still taken
        }
    }
}
