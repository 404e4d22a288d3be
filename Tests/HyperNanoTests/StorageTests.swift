import Foundation
import HyperJSON
import Synchronization
import TestSupport
import Testing

/// Storage conformance: hyper-api.md 4.5, the storage cases of 7.2-7.3, path safety, listing.
@Suite struct StorageTests {
    @Test func bucketLifecycle() async throws {
        try await Nano.with { nano async throws in
            #expect(try await nano.put("/storage/photos").status == 201)
            #expect(try await nano.put("/storage/photos").status == 409)
            #expect(try await nano.put("/storage/a..b").status == 400)
            #expect(try await nano.put("/storage/a%5Cb").status == 400)
            let removed = try await nano.delete("/storage/photos")
            #expect(removed.status == 201)
            #expect(removed.json == ["ok": true])
            #expect(try await nano.delete("/storage/photos").status == 404)
        }
    }

    @Test func rawUploadDownloadRemove() async throws {
        try await Nano.with { nano async throws in
            let text = Data("hello hyper ✓\n".utf8)
            let upload = try await nano.request("POST", "/storage/test/docs/hello.txt", body: text, headers: ["Content-Type": "application/octet-stream"])
            #expect(upload.status == 201)
            #expect(upload.json == ["ok": true])
            let download = try await nano.get("/storage/test/docs/hello.txt")
            #expect(download.status == 200)
            #expect(download.body == text)
            #expect(download.header("Content-Type") == "text/plain; charset=UTF-8")
            var png = Data([0x89, 0x50, 0x4E, 0x47])
            png.append(Data(repeating: 7, count: 100))
            _ = try await nano.request("POST", "/storage/test/logo.png", body: png)
            #expect(try await nano.get("/storage/test/logo.png").header("Content-Type") == "image/png")
            _ = try await nano.request("POST", "/storage/test/blob", body: png)
            #expect(try await nano.get("/storage/test/blob").header("Content-Type") == "application/octet-stream")

            let removed = try await nano.delete("/storage/test/docs/hello.txt")
            #expect(removed.status == 201)
            let gone = try await nano.get("/storage/test/docs/hello.txt")
            #expect(gone.status == 404)
            #expect(gone.json == ["ok": false, "status": 404, "msg": "object does not exist"])
            #expect(try await nano.delete("/storage/test/docs/hello.txt").status == 404)
            #expect(try await nano.get("/storage/nobucket/x.txt").json["msg"] == "bucket does not exist")
        }
    }

    @Test func largeUploadsStreamBeyondTheJSONLimit() async throws {
        try await Nano.with { nano async throws in
            var big = Data(count: 24 * 1_048_576)
            big.withUnsafeMutableBytes { raw in for i in stride(from: 0, to: raw.count, by: 4096) { raw[i] = UInt8(i / 4096 % 251) } }
            #expect(try await nano.request("POST", "/storage/test/big.bin", body: big).status == 201)
            let back = try await nano.get("/storage/test/big.bin")
            #expect(back.body == big)
        }
    }

    @Test func anEmptyObjectDownloadsEmpty() async throws {
        try await Nano.with { nano async throws in
            #expect(try await nano.request("POST", "/storage/test/empty.bin", body: Data()).status == 201)
            let back = try await nano.get("/storage/test/empty.bin")
            #expect(back.status == 200)
            #expect(back.header("Content-Length") == "0")
            #expect(back.body.isEmpty)
            // the connection serves the next request
            #expect(try await nano.get("/storage/test/empty.bin").status == 200)
        }
    }

    /// An object is sent from its open file (sendfile): the file is closed once its download
    /// ends, whether the client read it all or left in the middle (the object's path is then no
    /// descriptor of this process).
    @Test func aDownloadClosesItsFileWhenDoneOrAbandoned() async throws {
        try await Nano.with { nano async throws in
            let (object, path) = try await Self.store("open.bin", bytes: 32 * 1_048_576, in: nano)
            #expect(try await nano.get("/storage/test/open.bin").body == object)
            #expect(try await Self.descriptorsClose(of: path), "a finished download kept \(path) open")

            let port = try #require(URL(string: nano.base)?.port)
            let opened = try await onOwnThread { () throws -> Bool in
                let socket = try RawSocket(port: port)
                defer { socket.close() }
                try socket.send("GET /storage/test/open.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                // the download is under way (the client reads nothing: nano's side waits on it)
                return try Self.waitUntil(.seconds(10)) { Self.openDescriptors(of: path) > 0 }
            }
            #expect(opened, "the download never opened \(path)")
            #expect(try await Self.descriptorsClose(of: path), "an abandoned download kept \(path) open")
            #expect(try await nano.get("/").status == 200)
        }
    }

    /// A stored file cut from outside nano while it is sent (a hand edit in the storage folder)
    /// leaves sendfile nothing to send while bytes are still due; NIO would try again at once,
    /// for ever. The connection is closed instead: the client has fewer bytes than the length
    /// and knows the answer is cut, and nano goes on serving.
    @Test func aFileCutWhileItIsSentClosesItsConnection() async throws {
        try await Nano.with { nano async throws in
            let (object, path) = try await Self.store("cut.bin", bytes: 32 * 1_048_576, in: nano)
            let port = try #require(URL(string: nano.base)?.port)
            let outcome = try await onOwnThread { () throws -> (opened: Bool, bytes: Int, closed: Bool) in
                let socket = try RawSocket(port: port)
                defer { socket.close() }
                try socket.send("GET /storage/test/cut.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                // under way: nano has the file open, and the socket is full (nothing read yet)
                guard try Self.waitUntil(.seconds(10), { Self.openDescriptors(of: path) > 0 }) else { return (false, 0, false) }
                guard truncate(path, 1_048_576) == 0 else { return (true, 0, false) }
                let read = try socket.readUntilClosed(timeout: .seconds(30))
                return (true, read.bytes.count, read.closed)
            }
            #expect(outcome.opened, "the download never opened \(path)")
            #expect(outcome.closed, "the connection went on after its file was cut (\(outcome.bytes) bytes read)")
            #expect(outcome.bytes < object.count)
            #expect(try await nano.get("/").status == 200)
        }
    }

    /// Stores `bytes` bytes as `name` in bucket `test`: the object, and its file in nano's folder.
    private static func store(_ name: String, bytes: Int, in nano: Nano) async throws -> (object: Data, path: String) {
        let object = Data(repeating: 42, count: bytes)
        #expect(try await nano.request("POST", "/storage/test/" + name, body: object).status == 201)
        let path = try #require(try FileManager.default.subpathsOfDirectory(atPath: nano.directory)
            .first { $0.hasSuffix(name) }.map { nano.directory + "/" + $0 })
        return (object, path)
    }

    /// How many of this process's descriptors are open on `path` (nano runs in the test's process).
    private static func openDescriptors(of path: String) -> Int {
        let real = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return names.filter { (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + $0)) == real }.count
    }

    private static func descriptorsClose(of path: String) async throws -> Bool {
        try await onOwnThread { try waitUntil(.seconds(30)) { openDescriptors(of: path) == 0 } }
    }

    /// Polls `condition` until it holds or `timeout` passes.
    private static func waitUntil(_ timeout: Duration, _ condition: () -> Bool) throws -> Bool {
        let end = ContinuousClock.now + timeout
        while ContinuousClock.now < end {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }

    @Test func multipartUploadAsPythonAndOldSDKs() async throws {
        try await Nano.with { nano async throws in
            let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: UInt8(1), count: 300))
            let upload = try await nano.request("POST", "/storage/test", body: Self.multipart(file: ("remix", png)),
                                                headers: ["Content-Type": "multipart/form-data; boundary=XyZ123"])
            #expect(upload.status == 201, "\(upload.text)")
            #expect(try await nano.get("/storage/test/remix").body == png)

            let withPath = try await nano.request("POST", "/storage/test", body: Self.multipart(file: ("hyper.txt", Data("hi".utf8)), path: "notes/ignored.txt"),
                                                  headers: ["Content-Type": "multipart/form-data; boundary=XyZ123"])
            #expect(withPath.status == 201)
            #expect(try await nano.get("/storage/test/notes/hyper.txt").text == "hi")

            let noFile = try await nano.request("POST", "/storage/test", body: Data("plain".utf8))
            #expect(noFile.status == 422)
            #expect(noFile.json["msg"] == "body must be FormData that contains a file field and optional path field")
            let escape = try await nano.request("POST", "/storage/test", body: Self.multipart(file: ("x.txt", Data("x".utf8)), path: "../../x.txt"),
                                                headers: ["Content-Type": "multipart/form-data; boundary=XyZ123"])
            #expect(escape.status == 400)
        }
    }

    /// app-express's rule (hyper-api.md 4.5): the folder is the `path` field, else the URL path,
    /// whose last segment is dropped only when it looks like a file (contains a `.`).
    @Test func multipartFolderFollowsHypersRule() async throws {
        try await Nano.with { nano async throws in
            let multipart = ["Content-Type": "multipart/form-data; boundary=XyZ123"]
            let cases: [(url: String, path: String?, stored: String)] = [
                ("/storage/test", "docs", "docs/a.txt"),
                ("/storage/test", "docs/", "docs/a.txt"),
                ("/storage/test", "docs/x.png", "docs/a.txt"),
                ("/storage/test", "deep/er/dir", "deep/er/dir/a.txt"),
                ("/storage/test", "x.png", "a.txt"),
                ("/storage/test/some/dir", nil, "some/dir/a.txt"),
                ("/storage/test/some/file.bin", nil, "some/a.txt"),
                ("/storage/test/ignored/url", "from/field", "from/field/a.txt"),
            ]
            for (url, path, stored) in cases {
                let content = Data("\(url) \(path ?? "-")".utf8)
                let reply = try await nano.request("POST", url, body: Self.multipart(file: ("a.txt", content), path: path), headers: multipart)
                #expect(reply.status == 201, "\(url) path=\(path ?? "-"): \(reply.text)")
                #expect(try await nano.get("/storage/test/" + stored).body == content, "\(url) path=\(path ?? "-") -> \(stored)")
            }
        }
    }

    /// fuzz-multipart: a `;` inside a quoted filename cut it short (the Content-Disposition
    /// parameters were split at every `;`): "notes; draft=1.txt" was stored as `"notes`, quote
    /// stripped, i.e. "notes" (Fuzz/Corpus/multipart/semicolon-name.txt).
    @Test func aQuotedFilenameMayHoldSemicolons() async throws {
        try await Nano.with { nano async throws in
            let reply = try await nano.request("POST", "/storage/test", body: Self.multipart(file: ("notes; draft=1.txt", Data("n".utf8))),
                                               headers: ["Content-Type": "multipart/form-data; boundary=XyZ123"])
            #expect(reply.status == 201, "\(reply.text)")
            #expect(try await nano.get("/storage/test/notes%3B%20draft%3D1.txt").text == "n")
            #expect(try await nano.get("/storage/test/notes").status == 404)
        }
    }

    /// Text fields are capped in number and size; the cap is named (a form of 7,000 fields grew
    /// nano by 500 MB).
    @Test func multipartFieldsAreCapped() async throws {
        try await Nano.with { nano async throws in
            let multipart = ["Content-Type": "multipart/form-data; boundary=XyZ123"]
            func form(fields: Int, size: Int) -> Data {
                var body = Data()
                for index in 0..<fields {
                    body.append(Data("--XyZ123\r\nContent-Disposition: form-data; name=\"f\(index)\"\r\n\r\n".utf8))
                    body.append(Data(repeating: UInt8(ascii: "v"), count: size))
                    body.append(Data("\r\n".utf8))
                }
                body.append(Self.multipart(file: ("capped.txt", Data("x".utf8))))
                return body
            }
            let many = try await nano.request("POST", "/storage/test", body: form(fields: 17, size: 1), headers: multipart)
            #expect(many.status == 413)
            #expect(many.json["msg"]?.stringValue?.contains("16 fields") == true, "\(many.text)")
            let large = try await nano.request("POST", "/storage/test", body: form(fields: 2, size: 40 * 1024), headers: multipart)
            #expect(large.status == 413)
            #expect(large.json["msg"]?.stringValue?.contains("64 KB") == true, "\(large.text)")
            #expect(try await nano.get("/storage/test/capped.txt").status == 404)
            let fine = try await nano.request("POST", "/storage/test", body: form(fields: 16, size: 1024), headers: multipart)
            #expect(fine.status == 201, "\(fine.text)")
            let longBoundary = "b" + String(repeating: "x", count: 70)
            let badBoundary = try await nano.request("POST", "/storage/test", body: Data("x".utf8),
                                                     headers: ["Content-Type": "multipart/form-data; boundary=" + longBoundary])
            #expect(badBoundary.status == 400)
        }
    }

    /// Names the file system cannot hold, and objects inside objects, are the client's fault:
    /// 400 naming the limit, 409 naming the object; never a 500 with nano's paths.
    @Test func impossibleNamesAre4xxWithoutInternalPaths() async throws {
        try await Nano.with { nano async throws in
            let longBucket = String(repeating: "b", count: 300)
            let answers = [
                try await nano.put("/storage/" + longBucket),
                try await nano.request("POST", "/storage/test/" + String(repeating: "s", count: 256) + "/x.txt", body: Data("x".utf8)),
                try await nano.request("POST", "/storage/test/" + Array(repeating: "dir", count: 300).joined(separator: "/"), body: Data("x".utf8)),
            ]
            for reply in answers {
                #expect(reply.status == 400, "\(reply.text)")
                #expect(reply.json["msg"]?.stringValue?.contains("too long") == true, "\(reply.text)")
                #expect(!reply.text.contains(nano.directory))
            }
            #expect(try await nano.request("POST", "/storage/test/parent.txt", body: Data("p".utf8)).status == 201)
            let inside = try await nano.request("POST", "/storage/test/parent.txt/child.txt", body: Data("c".utf8))
            #expect(inside.status == 409, "\(inside.text)")
            #expect(inside.json["msg"]?.stringValue?.contains("'parent.txt' is an object") == true, "\(inside.text)")
            #expect(!inside.text.contains(nano.directory))
            let multipart = try await nano.request("POST", "/storage/test", body: Self.multipart(file: ("c.txt", Data("c".utf8)), path: "parent.txt/sub"),
                                                   headers: ["Content-Type": "multipart/form-data; boundary=XyZ123"])
            #expect(multipart.status == 409, "\(multipart.text)")
        }
    }

    @Test func pathsCannotLeaveTheBucket() async throws {
        try await Nano.with { nano async throws in
            let outside = nano.directory + "/outside"
            try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
            try Data("secret".utf8).write(to: URL(fileURLWithPath: outside + "/secret.txt"))
            try FileManager.default.createSymbolicLink(atPath: nano.directory + "/storage/test/link", withDestinationPath: outside)

            #expect(try await nano.request("POST", "/storage/test/%2E%2E/escaped.txt", body: Data("x".utf8)).status == 400)
            #expect(try await nano.request("POST", "/storage/test/a/%2E%2E/%2E%2E/escaped.txt", body: Data("x".utf8)).status == 400)
            #expect(try await nano.get("/storage/test/%2E%2E/%2E%2E/nano.sqlite").status == 400)
            #expect(try await nano.get("/storage/test/link/secret.txt").status == 400)
            #expect(try await nano.request("POST", "/storage/test/link/planted.txt", body: Data("x".utf8)).status == 400)
            #expect(!FileManager.default.fileExists(atPath: outside + "/planted.txt"))
            #expect(try await nano.delete("/storage/test/link/secret.txt").status == 400)
            #expect(FileManager.default.fileExists(atPath: outside + "/secret.txt"))
            // the listing does not follow the link either
            let listed = try await nano.get("/storage/test").json["objects"]?.arrayValue ?? []
            #expect(!listed.contains { $0["name"]?.stringValue?.hasPrefix("link") == true }, "\(listed)")
        }
    }

    /// A download is opened first and its path checked after (`StorageStore.openObject`); links
    /// that stay inside the bucket are followed, as the checks by path always allowed.
    @Test func linksInsideTheBucketAreFollowed() async throws {
        try await Nano.with { nano async throws in
            #expect(try await nano.request("POST", "/storage/test/sub/a.txt", body: Data("object a".utf8)).status == 201)
            let bucket = nano.directory + "/storage/test"
            try FileManager.default.createSymbolicLink(atPath: bucket + "/alias.txt", withDestinationPath: "sub/a.txt")
            try FileManager.default.createSymbolicLink(atPath: bucket + "/folder", withDestinationPath: bucket + "/sub")
            try FileManager.default.createSymbolicLink(atPath: bucket + "/dangling.txt", withDestinationPath: "sub/none.txt")
            for path in ["/storage/test/sub/a.txt", "/storage/test/alias.txt", "/storage/test/folder/a.txt"] {
                let download = try await nano.get(path)
                #expect(download.status == 200, "\(path)")
                #expect(download.text == "object a", "\(path)")
                #expect(download.header("Content-Length") == "8", "\(path)")
            }
            #expect(try await nano.get("/storage/test/dangling.txt").json == ["ok": false, "status": 404, "msg": "object does not exist"])
            #expect(try await nano.get("/storage/test/sub").json == ["ok": false, "status": 404, "msg": "object does not exist"])
            #expect(try await nano.get("/storage/test/sub/a.txt/x").status == 404)
        }
    }

    /// A FIFO in a bucket (put there by hand: the API makes none) is no object, answered 404 at
    /// once on either road a download takes (ReadLane; Hummingbird, with `Connection: close`).
    /// Opened blocking, it held the event loop (then a pool thread) until a writer came: the
    /// writer here comes after 5 s, so that such a regression fails the test instead of hanging it.
    @Test func aFIFOInABucketIsNoObject() async throws {
        try await Nano.with { nano async throws in
            #expect(try await nano.request("POST", "/storage/test/a.txt", body: Data("a".utf8)).status == 201)
            let fifo = nano.directory + "/storage/test/pipe"
            #expect(mkfifo(fifo, 0o600) == 0)
            let writer = FIFOWriter(path: fifo, after: 5)
            defer { writer.stop() }
            let port = nano.port
            for extra in ["", "Connection: close\r\n"] {
                let request = "GET /storage/test/pipe HTTP/1.1\r\nHost: 127.0.0.1\r\n\(extra)\r\n"
                let answer = try await onOwnThread { try RawSocket.exchange(port: port, request, timeout: .seconds(60)) }
                #expect(answer.status == 404, "\(extra.isEmpty ? "keep-alive" : "close")")
            }
            #expect(!writer.wasNeeded, "a download waited for the FIFO's writer")
            #expect(try await nano.get("/storage/test/a.txt").text == "a")
        }
    }

    @Test func signedURLsAreNotImplemented() async throws {
        try await Nano.with { nano async throws in
            #expect(try await nano.get("/storage/test/x.txt?useSignedUrl=true").status == 501)
            #expect(try await nano.request("POST", "/storage/test/x.txt?useSignedUrl=true").status == 501)
        }
    }

    @Test func listExtension() async throws {
        try await Nano.with { nano async throws in
            for name in ["a.txt", "img/one.png", "img/two.png", "img/deep/three.json"] {
                _ = try await nano.request("POST", "/storage/test/" + name, body: Data(name.utf8))
            }
            let all = try await nano.get("/storage/test")
            #expect(all.status == 200)
            let objects = all.json["objects"]?.arrayValue ?? []
            #expect(objects.compactMap { $0["name"]?.stringValue } == ["a.txt", "img/deep/three.json", "img/one.png", "img/two.png"])
            let first = try #require(objects.first)
            #expect(first["size"] == 5 && first["contentType"] == "text/plain; charset=UTF-8")
            #expect(first["modified"]?.stringValue?.hasSuffix("Z") == true)
            let images = try await nano.get("/storage/test?prefix=img/").json["objects"]?.arrayValue ?? []
            #expect(images.count == 3)
            #expect(try await nano.get("/storage/nobucket").status == 404)
        }
    }

    static func multipart(file: (name: String, data: Data), path: String? = nil) -> Data {
        var body = Data()
        if let path {
            body.append(Data("--XyZ123\r\nContent-Disposition: form-data; name=\"path\"\r\n\r\n\(path)\r\n".utf8))
        }
        body.append(Data("--XyZ123\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(file.name)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8))
        body.append(file.data)
        body.append(Data("\r\n--XyZ123--\r\n".utf8))
        return body
    }
}

/// Half-written uploads of a killed server are removed on the next start.
@Suite struct StorageLeftoverTests {
    @Test func leftoverUploadsAreRemovedOnStart() async throws {
        let directory = TestNano.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory + "/tmp", withIntermediateDirectories: true)
        try Data("partial".utf8).write(to: URL(fileURLWithPath: directory + "/tmp/upload-crashed"))
        let nano = try await Nano.start(directory: directory)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/tmp").isEmpty)
        await nano.stop()
    }
}

/// Opens a FIFO for writing five times a second from `after` seconds on, until stopped: an open
/// of it blocked for want of a writer then gives way. `wasNeeded`: some open for reading was
/// waiting (a writer's non-blocking open succeeds only then).
private final class FIFOWriter: Sendable {
    private let state = Mutex((stopped: false, needed: false))

    init(path: String, after seconds: Double) {
        Thread.detachNewThread { [self] in
            Thread.sleep(forTimeInterval: seconds)
            while !state.withLock({ $0.stopped }) {
                let descriptor = open(path, O_WRONLY | O_NONBLOCK)
                if descriptor >= 0 {
                    state.withLock { $0.needed = true }
                    close(descriptor)
                }
                Thread.sleep(forTimeInterval: 0.2)
            }
        }
    }

    var wasNeeded: Bool { state.withLock { $0.needed } }
    func stop() { state.withLock { $0.stopped = true } }
}
