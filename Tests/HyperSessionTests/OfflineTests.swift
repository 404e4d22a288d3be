import HyperClient
import HyperJSON
import HyperModel
import HyperSession
import TestSupport
import Testing

@Suite("offline browsing and connectivity")
struct OfflineTests {
    @Test func stoppedServerServesCachedPagesAndComesBackOnline() async throws {
        try await SessionHarness.withSession { harness, session in
            let states = await session.connectivity.states()
            let list = HyperRead.dataList(ListOptions(limit: 5))
            let page = await updates(of: session.read(list)).last?.json
            let firstID = try #require(page?["docs"]?[0]?["_id"]?.stringValue)

            await harness.stopServer()

            let offline = await updates(of: session.read(list))
            #expect(offline.map(\.kind) == ["cached", "offline"])
            #expect(offline.first?.json == page)
            #expect(await session.connectivity.state != .online)

            // Only ever seen inside the list page: opens from it.
            let document = await updates(of: session.read(.dataDocument(id: firstID)))
            #expect(document.map(\.kind) == ["cached", "offline"])
            #expect(document.first?.json == page?["docs"]?[0])

            // Never browsed: nothing to show, and says so.
            #expect(await updates(of: session.read(.cacheQuery(pattern: "nothing*"))).map(\.kind) == ["offline"])

            try await harness.startServer()   // same port, same folder
            #expect(await eventually { await session.connectivity.state == .online })

            // The title bar saw: online, offline, online. (Offline may be published more than
            // once: each failed probe's reason, "after 0 ms" or "after 1 ms", is news.)
            var seen: [ConnectivityMonitor.State] = []
            for await state in states {
                if seen.last?.isOnline != state.isOnline { seen.append(state) }
                if seen.count == 3 { break }
            }
            #expect(seen.first == .online)
            if case .offline = seen[1] {} else { Issue.record("expected offline, saw \(seen)") }
            #expect(seen.last == .online)
        }
    }

    /// Known offline, a read answers from the cache at once without asking the server (on a
    /// dead link that would be a connect timeout per page); `probeNow` brings it back.
    @Test func readsWhileKnownOfflineDoNotWaitForTheNetwork() async throws {
        try await SessionHarness.with { harness in
            // Probes an hour apart: only `probeNow` can find the server again in this test.
            let session = try harness.session(backoff: .init(initial: .seconds(3600), maximum: .seconds(3600)))
            let list = HyperRead.dataList(ListOptions(limit: 5))
            _ = await updates(of: session.read(list))
            await harness.stopServer()
            #expect(await updates(of: session.read(list)).map(\.kind) == ["cached", "offline"])

            try await harness.startServer()
            // The server is up again, but the session does not know yet: no request is made.
            #expect(await updates(of: session.read(list)).map(\.kind) == ["cached", "offline"])
            #expect(await session.connectivity.state != .online)

            await session.connectivity.probeNow()
            #expect(await eventually { await session.connectivity.state == .online })
            #expect(await updates(of: session.read(list)).map(\.kind) == ["cached", "fresh"])
            await session.close()
        }
    }

    @Test func offlineModeNeverTouchesTheNetwork() async throws {
        try await SessionHarness.with { harness in
            let online = try harness.session()
            let list = HyperRead.dataList(ListOptions(limit: 3))
            _ = await updates(of: online.read(list))
            await online.close()

            // The server is still up: anything fresh would have come from the network.
            let offline = try harness.session(offlineMode: true)
            #expect(await offline.connectivity.state == .offlineMode)
            #expect(await updates(of: offline.read(list)).map(\.kind) == ["cached", "offline"])
            #expect(await updates(of: offline.read(.dataList(ListOptions(limit: 4)))).map(\.kind) == ["offline"])
            await #expect(throws: SessionError.self) { try await offline.write(.dataDelete(id: "movie-0001")) }
            #expect(await offline.connectivity.state == .offlineMode)
            await offline.close()
        }
    }
}
