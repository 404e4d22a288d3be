import Foundation
import HyperJSON
import Testing
@testable import HyperClient
import HyperTransport

/// A 50 MB download goes to a file, and a 50 MB upload comes from one, with flat memory. Resident memory belongs to the whole
/// process and other suites run in parallel, so the measurement runs alone in a child
/// process: this test binary again, filtered to `MemoryProbe`.
@Suite struct FlatMemoryTests {
    @Test func fiftyMegabyteTransfersKeepMemoryFlat() async throws {
        let binary = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let output = temporaryPath("probe.log")
        defer { unlink(output) }
        let status = try await run(binary, ["--testing-library", "swift-testing", "--filter", "MemoryProbe"],
                             output: output, environment: [memoryProbeVariable: "1"])
        let log = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        #expect(status == 0, "\(log.suffix(3000))")
        #expect(log.components(separatedBy: "memory probe passed").count == 3, "the probes did not run: \(log.suffix(3000))")
    }
}

/// Set in the child process only.
let memoryProbeVariable = "HYPERCLIENT_MEMORY_PROBE"

@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment[memoryProbeVariable] == "1", "runs inside FlatMemoryTests"))
struct MemoryProbe {
    @Test func upload() async throws {
        let server = try TestServer.get()
        let client = try server.client()
        _ = try await client.call("GET", server.base + "/echo")
        let path = temporaryPath("big-upload.bin")
        defer { unlink(path) }
        let size = 50 * 1024 * 1024
        #expect(try await run("/usr/bin/env", ["head", "-c", "\(size)", "/dev/zero"], output: path) == 0)
        let before = residentBytes()
        let answer = try await client.storage.upload(name: "big.bin", fromFile: path)
        let growth = residentBytes() - before
        #expect(answer["size"] == .number(JSONNumber(size)))
        #expect(growth < 8 * 1024 * 1024, "resident memory grew by \(growth) bytes")
        print("memory probe passed: resident memory grew by \(growth) bytes for a \(size)-byte upload")
    }

    @Test func download() async throws {
        let server = try TestServer.get()
        let client = try server.client()
        _ = try await client.call("GET", server.base + "/echo")   // engine, TLS and connection set up first
        let path = temporaryPath("big.bin")
        defer { unlink(path) }
        let size: Int64 = 50 * 1024 * 1024
        let seen = ProgressLog()
        let before = residentBytes()
        let response = try await client.send(HTTPRequest(
            method: "GET", url: server.base + "/big?mb=50", sink: .file(path: path), progress: { seen.add($0) }))
        let growth = residentBytes() - before
        #expect(response.status == 200)
        #expect(response.fileBytes == size)
        #expect(response.body.isEmpty)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.size] as? Int).map(Int64.init) == size)
        #expect(growth < 8 * 1024 * 1024, "resident memory grew by \(growth) bytes")
        #expect(seen.last == TransferProgress(bytes: size, total: size))
        // Spot-check the content: the server repeats bytes 0...255.
        let handle = try #require(FileHandle(forReadingAtPath: path))
        try handle.seek(toOffset: UInt64(size) - 256)
        #expect(handle.readData(ofLength: 256) == Data(0...255))
        print("memory probe passed: resident memory grew by \(growth) bytes for a \(size)-byte download")
    }
}
