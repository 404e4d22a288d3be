import NIOEmbedded
import Testing
@testable import HyperNano

/// The registry's choice at its cap, on channels without sockets: the connection waiting
/// longest is closed to make room, never one serving a request, and one that begins a request
/// after it was looked at is not taken (ConnectionTests drives the cap over real sockets).
@Suite struct ConnectionRegistryTests {
    private func connect(_ registry: ConnectionRegistry) throws -> (EmbeddedChannel, ConnectionEntry?) {
        let channel = EmbeddedChannel()
        try channel.connect(to: .init(ipAddress: "127.0.0.1", port: 1)).wait()
        return (channel, registry.admit(channel, watch: ConnectionWatch()))
    }

    @Test func atTheCapTheLongestWaitingMakesRoomAndABusyOneNever() throws {
        let registry = ConnectionRegistry(capacity: 2)
        let (first, firstEntry) = try connect(registry)
        let (second, secondEntry) = try connect(registry)
        let busy = try #require(firstEntry), waiting = try #require(secondEntry)
        busy.markBusy()
        let (third, thirdEntry) = try connect(registry)
        #expect(thirdEntry != nil && registry.count == 2)
        #expect(first.isActive, "the connection serving a request was closed")
        #expect(!second.isActive, "the waiting one was not closed")
        #expect(waiting.waitingSince == nil, "a closed connection still counts as waiting")

        thirdEntry?.markBusy()
        let (fourth, refused) = try connect(registry)
        #expect(refused == nil, "every connection serves a request: the newcomer is refused")
        #expect(first.isActive && third.isActive && registry.count == 2)
        _ = fourth

        busy.markWaiting()
        let (_, fifth) = try connect(registry)
        #expect(fifth != nil && !first.isActive, "the first one, waiting again, makes room")
    }

    /// The race the claim closes: the registry looked at a connection while it waited, then a
    /// request began on it. Taking it would close a connection serving that request.
    @Test func aConnectionThatBeganARequestSinceItWasLookedAtIsNotTaken() throws {
        let registry = ConnectionRegistry(capacity: 4)
        let entry = try #require(try connect(registry).1)
        let seen = try #require(entry.waitingSince)
        entry.markBusy()
        #expect(!entry.claim(waitingSince: seen))
        entry.markWaiting()
        #expect(!entry.claim(waitingSince: seen), "it waits again, since later than seen")
        let now = try #require(entry.waitingSince)
        #expect(now >= seen && entry.claim(waitingSince: now))
        entry.markBusy()
        entry.markWaiting()
        #expect(entry.waitingSince == nil, "a request on a claimed connection does not give it back")
    }
}
