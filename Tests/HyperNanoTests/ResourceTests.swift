import Foundation
import TestSupport
import Testing

/// What a `hyper-vision nano` process holds, measured from outside through /proc (issue 10.6,
/// 10.9, 10.9d): memory after a seed and while uploads stream, its WAL, its reachability with
/// more idle sockets than it has file descriptors. Child processes: resident memory belongs to
/// a whole process, and this test process runs many suites at once.
@Suite(.heavy) struct ResourceTests {
    /// Before: 50,000 documents in one transaction left 177 MB resident (120 MB anonymous) and a
    /// 20 MB WAL. Now ~80 MB resident, most of it the mapped binary, and an emptied WAL.
    @Test func aSeedGivesMemoryAndDiskBack() async throws {
        try await ChildNano.with(arguments: ["--seed", "demo", "--size", "50000", "--quiet"]) { nano in
            let port = nano.port
            let memory = nano.memory
            let wal = (try? FileManager.default.attributesOfItem(atPath: nano.directory + "/nano.sqlite-wal")[.size] as? Int) ?? 0
            // demo queue deliveries may have written a few pages since the checkpoint
            #expect(wal < 1_048_576, "WAL \(wal) bytes")
            #expect((memory["RssAnon"] ?? .max) < 48 * 1024, "\(memory)")
            #expect((memory["VmRSS"] ?? .max) < 130 * 1024, "\(memory)")
            let last = try await onOwnThread { try RawSocket.get(port: port, "/data/test/order-10000", timeout: .seconds(10)) }
            #expect(last.status == 200, "the seed is all there: \(last.text.prefix(200))")
        }
    }

    /// Before: past its open-file limit nano could not accept, and every new client hung.
    @Test func moreIdleSocketsThanFileDescriptorsLeaveNanoReachable() async throws {
        try await ChildNano.with(fileLimit: 256) { nano in
            let flood = try await SocketFlood(port: nano.port, count: 400)
            // The old binary answered nothing at all while the flood held its sockets.
            let (_, report) = try await LivenessProbe.watching(port: nano.port) { try await Task.sleep(for: .seconds(2)) }
            await flood.release()
            #expect(report.isHealthy, "\(report)")
            #expect(nano.log.contains("at most 128 connections"), "\(nano.log)")
        }
    }

    /// The flags reach the server: a cap of 3, an idle timeout and a head deadline.
    @Test func connectionFlagsReachTheServer() async throws {
        let arguments = ["--max-connections", "3", "--idle-timeout", "0.5", "--header-timeout", "0.3"]
        try await ChildNano.with(arguments: arguments) { nano in
            let port = nano.port
            let (closed, timeoutAnswer) = try await onOwnThread {
                let idle = try (0..<5).map { _ in try RawSocket(port: port) }
                let closed = try idle.closedByPeer(atLeast: 5, within: .seconds(10))
                let stalled = try RawSocket(port: port)
                try stalled.send("GET / HT")
                return (closed, String(decoding: try stalled.readUntilClosed(timeout: .seconds(10)).bytes, as: UTF8.self))
            }
            #expect(closed == 5)
            #expect(timeoutAnswer.hasPrefix("HTTP/1.1 408"), "\(timeoutAnswer)")
        }
    }

    /// Before: 7,000 fields of 64 KB grew nano by 448 MB. Now the form is refused at its 17th
    /// field, and a 256 MB file streams to disk: neither moves the peak by more than a few MB.
    @Test func uploadsKeepMemoryFlat() async throws {
        try await ChildNano.with(arguments: ["--quiet"]) { nano in
            let port = nano.port
            let type = "multipart/form-data; boundary=FlatMemory"
            let fields = GeneratedBody.form(boundary: "FlatMemory", fields: 7000, fieldSize: 64 * 1024, fileSize: 1)
            try nano.resetPeakMemory()
            var before = nano.memory["VmRSS"] ?? 0
            let refused = try await onOwnThread { try RawSocket.post(port: port, "/storage/test", contentType: type, body: fields, timeout: .seconds(60)) }
            var growth = (nano.memory["VmHWM"] ?? .max) - before
            #expect(refused == 413)
            #expect(growth < 32 * 1024, "peak grew by \(growth) kB for a form of 7,000 fields")

            let size = 256 * 1_048_576
            let file = GeneratedBody.form(boundary: "FlatMemory", fields: 1, fieldSize: 4, fileSize: size)
            try nano.resetPeakMemory()
            before = nano.memory["VmRSS"] ?? 0
            let stored = try await onOwnThread { try RawSocket.post(port: port, "/storage/test", contentType: type, body: file, timeout: .seconds(120)) }
            growth = (nano.memory["VmHWM"] ?? .max) - before
            #expect(stored == 201)
            #expect(growth < 32 * 1024, "peak grew by \(growth) kB for a \(size)-byte upload")
            let object = (try? FileManager.default.attributesOfItem(atPath: nano.directory + "/storage/test/big.bin")[.size] as? Int) ?? 0
            #expect(object == size)
        }
    }
}
