import Foundation
import HyperJSON
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
        let directory = Nano.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory + "/tmp", withIntermediateDirectories: true)
        try Data("partial".utf8).write(to: URL(fileURLWithPath: directory + "/tmp/upload-crashed"))
        let nano = try await Nano.start(directory: directory)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/tmp").isEmpty)
        await nano.stop()
    }
}
