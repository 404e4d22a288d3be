import Foundation
import Glibc
import Hummingbird
import HyperJSON

/// `/storage/...` routes (hyper-api.md 4.5), plus the `storage-list` extension.
struct StorageRoutes: Sendable {
    let store: StorageStore

    static let info: JSON = ["name": "hyper63 Storage", "version": "1.0", "status": "unstable"]

    /// Its downloads are answered by `read`.
    func respond(_ req: NanoRequest, _ path: ArraySlice<String>) async throws -> Response {
        guard let bucket = path.first else {
            guard req.method == .get else { throw HyperFailure.routeNotFound }
            return Reply.json(Self.info)
        }
        let name = path.dropFirst().joined(separator: "/")
        if req.query("useSignedUrl") == "true" {
            throw HyperFailure(501, "Not Implemented: nano serves objects directly, it has no signed URLs")
        }
        switch (req.method, name.isEmpty) {
        case (.put, true):
            try store.makeBucket(bucket)
            return Reply.created
        case (.delete, true):
            try store.removeBucket(bucket)
            return Reply.created  // hyper answers 201 here (hyper-api.md 5.6)
        case (.get, true):
            return try list(bucket, prefix: req.query("prefix") ?? "")
        case (.post, _):
            if let boundary = try MultipartReader.boundary(contentType: req.header("Content-Type")) {
                try await uploadMultipart(req, bucket: bucket, urlPath: name, boundary: boundary)
            } else if name.isEmpty {
                throw MultipartReader.malformed
            } else {
                try await uploadRaw(req, bucket: bucket, name: name)
            }
            return Reply.created
        case (.delete, false):
            try store.removeObject(bucket, name)
            return Reply.created  // hyper answers 201 here (hyper-api.md 5.6)
        default:
            throw HyperFailure.routeNotFound
        }
    }

    /// A GET of an object (see `NanoRoutes.read`); nil for other paths, and for a signed URL
    /// (refused by `respond`).
    func read(_ req: NanoRequest, _ path: ArraySlice<String>) throws -> LightAnswer? {
        guard let bucket = path.first, req.query("useSignedUrl") != "true" else { return nil }
        let name = path.dropFirst().joined(separator: "/")
        guard !name.isEmpty else { return nil }
        return .file(try store.openObject(bucket, name), contentType: ContentTypes.forName(name))
    }

    private func list(_ bucket: String, prefix: String) throws -> Response {
        let formatter = ISO8601DateFormatter()
        let objects = try store.list(bucket, prefix: prefix).map { object -> JSON in
            [
                "name": .string(object.name), "size": JSON(Int(object.size)),
                "modified": .string(formatter.string(from: object.modified)),
                "contentType": .string(ContentTypes.forName(object.name)),
            ]
        }
        return Reply.json(["ok": true, "objects": .array(objects)])
    }

    private func uploadRaw(_ req: NanoRequest, bucket: String, name: String) async throws {
        _ = try store.objectPath(bucket, name)  // reject bad names before reading the body
        guard store.bucketExists(bucket) else { throw HyperFailure(404, "bucket does not exist") }
        let sink = try store.temporaryFile()
        do {
            for try await chunk in req.body {
                try chunk.withUnsafeReadableBytes { raw throws(HyperFailure) in try sink.write(raw) }
            }
            try store.store(sink, bucket: bucket, name: name)
        } catch {
            sink.close()
            unlink(sink.path)
            throw error
        }
    }

    /// The object is `<folder>/<uploaded filename>`, the folder being the `path` field, else the
    /// URL path, without its last segment when that looks like a file (hyper's rule).
    private func uploadMultipart(_ req: NanoRequest, bucket: String, urlPath: String, boundary: String) async throws {
        guard store.bucketExists(bucket) else {
            _ = try store.bucketPath(bucket)
            throw HyperFailure(404, "bucket does not exist")
        }
        var created: FileSink?
        do {
            let result = try await MultipartReader(boundary: boundary).read(req.body) { () throws(HyperFailure) -> FileSink in
                let sink = try store.temporaryFile()
                created = sink
                return sink
            }
            guard let file = result.file else { throw MultipartReader.malformed }
            let base = result.fields["path"].flatMap { $0.isEmpty ? nil : $0 } ?? urlPath
            if base.hasPrefix("/") { throw HyperFailure(400, "object name '\(base)' is not valid: absolute paths are not allowed") }
            let folder = Self.folder(of: base)
            let filename = file.filename.split(separator: "/").last.map(String.init) ?? file.filename
            try store.store(file.sink, bucket: bucket, name: folder.isEmpty ? filename : folder + "/" + filename)
        } catch {
            if let created {
                created.close()
                unlink(created.path)
            }
            throw error
        }
    }

    /// app-express's rule: the last segment is dropped when it contains a `.` (`docs/x.png` is
    /// `docs`, `some/dir` stays), then one trailing `/`.
    static func folder(of path: String) -> String {
        var folder = path
        if let last = folder.split(separator: "/", omittingEmptySubsequences: false).last, last.contains(".") {
            folder.removeLast(last.count)
        }
        if folder.hasSuffix("/") { folder.removeLast() }
        return folder
    }
}
