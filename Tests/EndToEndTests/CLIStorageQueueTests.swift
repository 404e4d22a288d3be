import Foundation
import HyperJSON
import TestSupport
import Testing

/// `hyper-vision storage ...` and `hyper-vision queue ...` against a real nano server.
@Suite("CLI storage and queue")
struct CLIStorageQueueTests {
    /// Every byte value, several times over: downloads must be byte-exact, not text.
    static let binary = Data((0..<(3 * 256 + 17)).map { UInt8($0 % 256) })

    @Test func storageLifecycleIsByteExact() async throws {
        try await NanoFixture.with { nano in
            let bucket = try await nano.create("storage", domain: "files")
            let source = nano.sandbox.path("blob.bin")
            try Self.binary.write(to: URL(fileURLWithPath: source))
            _ = try await nano.json(["storage", "upload", "folder/blob.bin", source] + bucket)
            _ = try await nano.json(["storage", "upload", "notes/hello.txt", "-"] + bucket, stdin: "hello, storage\n")

            let listed = try await nano.json(["storage", "list", "--prefix", "folder/"] + bucket)
            #expect(listed["objects"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["folder/blob.bin"])
            #expect(listed["objects"]?[0]?["size"] == JSON(Self.binary.count))

            // -o FILE: the bytes in the file, a JSON summary on stdout.
            let copy = nano.sandbox.path("copy.bin")
            let summary = try await nano.json(["storage", "download", "folder/blob.bin", "-o", copy] + bucket)
            #expect(summary["bytes"] == JSON(Self.binary.count))
            #expect(FileManager.default.contents(atPath: copy) == Self.binary)

            // stdout redirected to a file: the bytes exactly.
            let direct = try await nano.run(["storage", "download", "folder/blob.bin"] + bucket)
            #expect(direct.status == 0, "\(direct)")
            #expect(Data(direct.stdout) == Self.binary)

            // stdout a pipe.
            let piped = nano.sandbox.path("piped.bin")
            let shell = try await nano.sandbox.run(
                ["-c", "'\(hyperVisionBinary)' storage download folder/blob.bin --domain files | cat > '\(piped)'"],
                executable: "/bin/sh", environment: ["HYPER": nano.connection()])
            #expect(shell.status == 0, "\(shell)")
            #expect(FileManager.default.contents(atPath: piped) == Self.binary)

            // stdout appended to a file that already holds output: nothing before it is lost.
            let appended = nano.sandbox.path("appended.bin")
            let append = try await nano.sandbox.run(
                ["-c", "{ printf 'head:'; '\(hyperVisionBinary)' storage download folder/blob.bin --domain files; } >> '\(appended)'"],
                executable: "/bin/sh", environment: ["HYPER": nano.connection()])
            #expect(append.status == 0, "\(append)")
            #expect(FileManager.default.contents(atPath: appended) == Data("head:".utf8) + Self.binary)

            #expect(try await nano.run(["storage", "download", "notes/hello.txt"] + bucket).stdoutText == "hello, storage\n")

            _ = try await nano.json(["storage", "remove", "folder/blob.bin"] + bucket)
            let missing = try await nano.run(["storage", "download", "folder/blob.bin", "-o", copy] + bucket)
            #expect(missing.status == 1, "\(missing)")
            #expect(missing.stderr.contains("404"), "\(missing)")
            #expect(FileManager.default.contents(atPath: copy) == Self.binary, "a failed download leaves the file alone")

            _ = try await nano.json(["storage", "remove", "notes/hello.txt"] + bucket)
            _ = try await nano.json(["storage", "destroy", "--yes"] + bucket)
        }
    }

    @Test func uploadOfAMissingFileIsAUsageError() async throws {
        try await NanoFixture.with { nano in
            let result = try await nano.run(["storage", "upload", "x.txt", nano.sandbox.path("does-not-exist")])
            #expect(result.status == 2, "\(result)")
            #expect(result.stderr.contains("does-not-exist: no such file"), "\(result)")
            #expect(!result.stderr.contains("comes first"), "x.txt is no file here: \(result)")
            // The file given first and the name second: the message shows the command meant.
            let local = try nano.sandbox.write("today.txt", "hello")
            let swapped = try await nano.run(["storage", "upload", local, "notes/today.txt"])
            #expect(swapped.status == 2, "\(swapped)")
            #expect(swapped.stderr.contains("cannot upload notes/today.txt: no such file (the object's name comes first, then the file: "
                                            + "storage upload notes/today.txt \(local))"), "\(swapped)")
            let directory = try await nano.run(["storage", "upload", "x.txt", nano.sandbox.root])
            #expect(directory.status == 2, "\(directory)")
            #expect(directory.stderr.contains("directory"), "\(directory)")
        }
    }

    /// The demo seed's queue `test` fails each job's first delivery and accepts later ones.
    @Test func queueEnqueueErrorsRetryCancel() async throws {
        try await NanoFixture.with(demoSize: 20) { nano in
            let enqueued = try await nano.json(["queue", "enqueue", "type=email", "to=ana@example.com"])
            let id = try #require(enqueued["id"].map(Self.idText))

            let errored = try await eventually { try await Self.jobIDs(nano, "errors").contains(id) }
            #expect(errored, "the first delivery fails, so job \(id) lands in ERROR")

            _ = try await nano.json(["queue", "retry", id])
            let retried = try await eventually { try await !Self.jobIDs(nano, "errors").contains(id) }
            #expect(retried, "after a retry the job leaves the ERROR list")

            _ = try await nano.json(["queue", "queued"])
            let second = try #require(try await nano.json(["queue", "enqueue", "-f", "-"], stdin: #"{"n":2}"#)["id"].map(Self.idText))
            _ = try await eventually { try await Self.jobIDs(nano, "errors").contains(second) }
            #expect(try await nano.json(["queue", "cancel", second])["ok"] == true)
        }
    }

    @Test func queueCreateAndDestroy() async throws {
        try await NanoFixture.with { nano in
            let queue = ["--domain", "jobs"]
            let target = "http://127.0.0.1:\(nano.port)/_nano/accept"
            let created = try await nano.run(["queue", "create", "--target", target, "--secret-env", "HOOK"] + queue,
                                             environment: ["HOOK": "hook-secret"])
            #expect(created.status == 0, "\(created)")
            let unset = try await nano.run(["queue", "create", "--target", target, "--secret-env", "UNSET_HOOK"] + queue)
            #expect(unset.status == 2, "\(unset)")
            #expect(try await nano.json(["queue", "queued"] + queue)["ok"] == true)
            #expect(try await nano.json(["queue", "destroy", "--yes"] + queue)["ok"] == true)
            let gone = try await nano.run(["queue", "queued"] + queue)
            #expect(gone.status == 1, "\(gone)")
        }
    }

    static func idText(_ id: JSON) -> String { id.stringValue ?? id.compact }

    static func jobIDs(_ nano: NanoFixture, _ list: String) async throws -> [String] {
        try await nano.json(["queue", list])["jobs"]?.arrayValue?.compactMap { $0["id"].map(idText) } ?? []
    }
}
