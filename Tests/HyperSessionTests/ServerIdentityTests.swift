import Foundation
import HyperClient
import HyperJSON
import HyperModel
@testable import HyperSession
import HyperStore
import Testing

/// Local state of a server started on a random port (the demo) is keyed by the server's lasting
/// identity while it runs, and what earlier runs left under their random ports is adopted
/// (issue 11.10).
@Suite struct ServerIdentityTests {
    let root = FileManager.default.temporaryDirectory.path + "/identity-test-" + UUID().uuidString
    var locations: StoreLocations { StoreLocations(cacheDirectory: root + "/cache", stateDirectory: root + "/state") }

    func session(_ url: String, _ store: LocalStore) throws -> AppSession {
        AppSession(connection: try Connection.parse(url), store: store)
    }

    /// A pid that no process has any more.
    static func deadPID() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    @Test func aRunningLocalServersIdentityKeysTheState() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let store = LocalStore(locations: locations)
        let servers = LocalServers(directory: locations.serversDirectory)
        try servers.register(address: "127.0.0.1:41234", identity: "nano-0123456789abcdef")
        #expect(try session("http://127.0.0.1:41234/test", store).app?.id == "nano-0123456789abcdef/-/test")
        // Another port, another host, a cloud app: their own keys.
        #expect(try session("http://127.0.0.1:41235/test", store).app?.id == "127.0.0.1:41235/-/test")
        #expect(try session("http://10.0.0.1:41234/test", store).app?.id == "10.0.0.1:41234/-/test")
        // The server is gone: the port names nothing, and its entry is cleared.
        try servers.register(address: "127.0.0.1:41234", identity: "nano-0123456789abcdef", pid: try Self.deadPID())
        #expect(try session("http://127.0.0.1:41234/test", store).app?.id == "127.0.0.1:41234/-/test")
        #expect(servers.identity(for: "127.0.0.1:41234") == nil)
        #expect((try? FileManager.default.contentsOfDirectory(atPath: locations.serversDirectory))?.isEmpty == true)
    }

    /// Drafts and journal entries of loopback addresses on ports from the random range, of the
    /// same domain, with no server there now, move to the identity; nothing else does.
    @Test func whatEarlierRandomPortsLeftIsAdopted() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let store = LocalStore(locations: locations)
        let drafts = try store.drafts.get(), journal = try store.journal.get()
        let random = LocalStore.ephemeralPorts().lowerBound + 100
        let live = random + 1
        try LocalServers(directory: locations.serversDirectory).register(address: "127.0.0.1:\(live)", identity: "nano-ffffffffffffffff")
        let orphans = ["127.0.0.1:\(random)", "localhost:\(random + 2)"]
        let others = ["127.0.0.1:6363", "127.0.0.1:\(live)", "example.com:\(random)"]
        for host in orphans + others {
            let app = try AppKey(host: host, domain: "test")
            _ = try drafts.create(app: app, service: .data, documentID: "movie-\(host)", base: ["_id": .string("movie-\(host)")])
            try journal.begin(app: app, action: .update, service: .data, target: "movie-\(host)", before: nil, after: nil)
        }
        let elsewhere = try AppKey(host: "127.0.0.1:\(random)", domain: "other")
        _ = try drafts.create(app: elsewhere, service: .data, documentID: "x", base: ["_id": "x"])

        let identity = try AppKey(host: "nano-0123456789abcdef", domain: "test")
        let moved = store.adoptRandomPortState(into: identity)
        #expect(moved.drafts == 2 && moved.entries == 2)
        #expect(Set(try drafts.list(app: identity).compactMap(\.documentID)) == Set(orphans.map { "movie-\($0)" }))
        #expect(try journal.list(app: identity).count == 2)
        for host in others { #expect(try drafts.list(app: try AppKey(host: host, domain: "test")).count == 1, "\(host)") }
        #expect(try drafts.list(app: elsewhere).count == 1)
        // A draft's text is untouched by the move.
        let draft = try #require(try drafts.list(app: identity).first)
        #expect(try drafts.evaluate(draft) == .unchanged)
    }
}
