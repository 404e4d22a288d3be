import Foundation
import HyperJSON
import Synchronization
import TestSupport
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Fairness (issue 10.7): while clients flood heavy searches and queries, `GET /` and a read by
/// id keep answering. Functional, not a benchmark: the bound (1 s) is generous, what matters is
/// that light requests never queue behind heavy ones. Against a child `hyper-vision nano` (see
/// `ChildNano` for why).
@Suite(.heavy) struct FairnessTests {
    /// Heavy requests: a search matching thousands of movies, a query projecting thousands of
    /// documents in Swift.
    static let floods: [(path: String, body: JSON)] = [
        ("/search/test/_query", ["query": "the"]),
        ("/data/test/_query", ["selector": ["type": "movie"], "fields": ["_id", "title", "cast"], "limit": 5000]),
    ]

    @Test func lightRequestsKeepAnsweringWhileHeavyOnesFlood() async throws {
        try await ChildNano.with(arguments: ["--seed", "demo", "--size", "9999", "--quiet"]) { nano in
            let found = try await nano.post("/search/test/_query", ["query": "the"]).json["matches"]?.arrayValue?.count ?? 0
            #expect(found > 3000, "the flood's search must be heavy: \(found) matches")
            let tally = StatusTally()
            let (_, report) = try await LivenessProbe.watching(port: nano.port, paths: ["/", "/data/test/movie-0001"]) {
                try await Self.flood(nano.base, clients: 8, for: .seconds(4), tally: tally)
            }
            let statuses = tally.counts
            #expect(report.isHealthy, "\(report); flood answers \(statuses)")
            #expect(report.rounds >= 10, "\(report)")
            // heavy requests were served (or turned away with 503 when too many waited), never failed
            #expect((statuses[200] ?? 0) > 0, "\(statuses)")
            #expect(Set(statuses.keys).isSubset(of: [200, 503]), "\(statuses)")
        }
    }

    /// `clients` loops sending the heavy requests in turn until `duration` has passed; counts
    /// the statuses (-1 for a transport error).
    static func flood(_ base: String, clients: Int, for duration: Duration, tally: StatusTally) async throws {
        let deadline = ContinuousClock.now + duration
        try await withThrowingTaskGroup(of: Void.self) { group in
            for client in 0..<clients {
                group.addTask {
                    // a session per client: a shared one would queue them behind its per-host limit
                    let configuration = URLSessionConfiguration.ephemeral
                    configuration.timeoutIntervalForRequest = 60
                    let session = URLSession(configuration: configuration)
                    var turn = client
                    while ContinuousClock.now < deadline {
                        let (path, body) = floods[turn % floods.count]
                        turn += 1
                        var request = URLRequest(url: URL(string: base + path)!)
                        request.httpMethod = "POST"
                        request.httpBody = Data(body.compactBytes)
                        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
                        let status = (try? await session.data(for: request)).map { ($0.1 as? HTTPURLResponse)?.statusCode ?? 0 } ?? -1
                        tally.add(status)
                    }
                    session.invalidateAndCancel()
                }
            }
            try await group.waitForAll()
        }
    }
}

/// How many answers of each status a flood got.
final class StatusTally: Sendable {
    private let state = Mutex<[Int: Int]>([:])

    func add(_ status: Int) { state.withLock { $0[status, default: 0] += 1 } }
    var counts: [Int: Int] { state.withLock { $0 } }
}

/// What counts as heavy: a data list by at most 64 keys costs at most 64 reads by id, so it
/// runs as a light request; a longer or unkeyed list waits for a heavy permit like any list.
@Suite struct RequestWeightTests {
    @Test func aListByAFewKeysIsLight() async throws {
        try await Nano.with(configure: {
            $0.limits.heavyRequests = 1
            $0.limits.heavyBacklog = 0
            $0.limits.queryTimeout = .seconds(30)
        }) { nano async throws in
            try await QueryHardeningTests.storeLongTexts(at: nano.base)
            // The only heavy permit is held by a query that runs until it is cancelled (sent again
            // while the probe below holds the permit and it is turned away).
            let slow = Task {
                while try await nano.post("/data/test/_query", QueryHardeningTests.slowQuery).json["msg"]?.stringValue?
                    .hasPrefix("server busy") == true {}
            }
            defer { slow.cancel() }
            #expect(try await eventually { try await nano.get("/data/test").status == 503 })
            let few = (0..<64).map { "long\($0 % 20)" }.joined(separator: ",")
            let keyed = try await nano.get("/data/test?keys=\(few)")
            #expect(keyed.status == 200, "\(keyed.text.prefix(200))")
            #expect(keyed.json["docs"]?.arrayValue?.count == 20)
            let many = (0..<65).map { "long\($0 % 20)" }.joined(separator: ",")
            #expect(try await nano.get("/data/test?keys=\(many)").status == 503)
        }
    }
}
