import Foundation
import Glibc
import HyperJSON

/// Storage buckets as folders under `<dir>/storage`. Every object path is checked to stay
/// inside its bucket: `..`, absolute paths and symlinks leading out are 400. Uploads are
/// written to `<dir>/tmp` first and renamed into place, so a half-received file never shows.
struct StorageStore: Sendable {
    let root: String
    let temporary: String
    /// `root` with every symlink resolved, to see at once that an opened object's path has none.
    private let resolvedRoot: String?

    /// Longest bucket name or object path segment: a file name on Linux file systems.
    static let maxSegmentBytes = 255
    /// Longest object name (S3's limit), so that a path under nano's folder stays well within PATH_MAX.
    static let maxNameBytes = 1024

    init(directory: String) throws {
        root = directory + "/storage"
        temporary = directory + "/tmp"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        resolvedRoot = try? Self.realPath(root)
        // uploads a killed server left half-written
        for leftover in (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? [] {
            try? FileManager.default.removeItem(atPath: temporary + "/" + leftover)
        }
    }

    struct Object: Sendable {
        let name: String
        let size: Int64
        let modified: Date
    }

    // MARK: buckets

    func makeBucket(_ bucket: String) throws {
        let path = try bucketPath(bucket)
        if FileManager.default.fileExists(atPath: path) { throw HyperFailure(409, "bucket already exists") }
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
    }

    func removeBucket(_ bucket: String) throws {
        let path = try existingBucket(bucket)
        try FileManager.default.removeItem(atPath: path)
    }

    func bucketExists(_ bucket: String) -> Bool {
        guard let path = try? bucketPath(bucket) else { return false }
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// Empties the bucket, keeping it.
    func purge(_ bucket: String) throws {
        let path = try existingBucket(bucket)
        for item in try FileManager.default.contentsOfDirectory(atPath: path) {
            try FileManager.default.removeItem(atPath: path + "/" + item)
        }
    }

    // MARK: objects

    /// A fresh temporary file for an upload in progress.
    func temporaryFile() throws(HyperFailure) -> FileSink {
        try FileSink(path: temporary + "/upload-" + UUID().uuidString)
    }

    /// Moves a finished upload to the object's place, creating folders on the way.
    func store(_ upload: FileSink, bucket: String, name: String) throws {
        upload.close()
        defer { unlink(upload.path) }
        let path = try objectPath(bucket, name)
        let parent = (path as NSString).deletingLastPathComponent
        try ensureFolders(bucket, name)
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        try ensureInside(bucket, Self.realPath(parent))  // a symlinked folder must not lead out
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw HyperFailure(409, "\(name) is a folder")
        }
        guard rename(upload.path, path) == 0 else { throw FileSink.failure("store \(name)") }
    }

    /// 409 when a folder the object goes into is a file already (`a/b.txt` with an object `a`).
    private func ensureFolders(_ bucket: String, _ name: String) throws {
        let base = try bucketPath(bucket)
        var folder = ""
        for segment in name.split(separator: "/").dropLast() {
            folder += folder.isEmpty ? String(segment) : "/" + segment
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: base + "/" + folder, isDirectory: &isDirectory) else { return }
            if !isDirectory.boolValue {
                throw HyperFailure(409, "'\(folder)' is an object, not a folder: '\(name)' cannot be stored inside it")
            }
        }
    }

    /// The object's file path, 404 when it does not exist.
    func existingObject(_ bucket: String, _ name: String) throws -> String {
        _ = try existingBucket(bucket)
        let path = try objectPath(bucket, name)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw HyperFailure(404, "object does not exist")
        }
        try ensureInside(bucket, Self.realPath(path))
        return path
    }

    /// The object opened for reading; the errors of `existingObject`. Opened first, then its
    /// path checked: when the kernel resolved it to `<root>/<bucket>/<name>` itself, no symlink
    /// was on the way and every check of `existingObject` holds (a download's hot path: one
    /// `readlink` where the checks by path take thirteen system calls). Any other case goes
    /// through those checks, for their exact answer.
    func openObject(_ bucket: String, _ name: String) throws -> OpenFile {
        if let resolvedRoot, let path = try? objectPath(bucket, name), let file = OpenFile(path: path),
           file.resolvedPath == resolvedRoot + "/" + bucket + "/" + name {
            return file
        }
        guard let file = OpenFile(path: try existingObject(bucket, name)) else { throw HyperFailure(404, "object does not exist") }
        return file
    }

    func removeObject(_ bucket: String, _ name: String) throws {
        let path = try existingObject(bucket, name)
        try FileManager.default.removeItem(atPath: path)
    }

    /// Objects whose name starts with `prefix`, sorted by name; symlinks are not followed.
    func list(_ bucket: String, prefix: String) throws -> [Object] {
        let base = try existingBucket(bucket)
        guard let walker = FileManager.default.enumerator(atPath: base) else { return [] }
        var objects: [Object] = []
        while let relative = walker.nextObject() as? String {
            guard relative.hasPrefix(prefix) || prefix.hasPrefix(relative) else {
                walker.skipDescendants()
                continue
            }
            let attributes = try FileManager.default.attributesOfItem(atPath: base + "/" + relative)
            guard attributes[.type] as? FileAttributeType == .typeRegular, relative.hasPrefix(prefix) else { continue }
            objects.append(Object(
                name: relative,
                size: (attributes[.size] as? NSNumber)?.int64Value ?? 0,
                modified: attributes[.modificationDate] as? Date ?? Date(timeIntervalSince1970: 0)))
        }
        return objects.sorted { $0.name < $1.name }
    }

    // MARK: path safety

    func bucketPath(_ bucket: String) throws(HyperFailure) -> String {
        if bucket.isEmpty || bucket == "." || bucket.contains("..") || bucket.contains("/") || bucket.contains("\\")
            || bucket.contains("\0")
        {
            throw HyperFailure(400, "bucket name is not valid")
        }
        if bucket.utf8.count > Self.maxSegmentBytes {
            throw HyperFailure(400, "bucket name is too long: at most \(Self.maxSegmentBytes) bytes")
        }
        return root + "/" + bucket
    }

    private func existingBucket(_ bucket: String) throws -> String {
        let path = try bucketPath(bucket)
        guard bucketExists(bucket) else { throw HyperFailure(404, "bucket does not exist") }
        return path
    }

    /// The object's path inside the bucket; 400 for empty, `.`/`..` segments, absolute names, NUL.
    func objectPath(_ bucket: String, _ name: String) throws(HyperFailure) -> String {
        let segments = name.split(separator: "/", omittingEmptySubsequences: false)
        if name.isEmpty || name.hasPrefix("/") || name.contains("\0") || name.contains("\\")
            || segments.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." })
        {
            throw HyperFailure(400, "object name '\(name)' is not valid: no empty, '.' or '..' segments and no absolute paths")
        }
        if name.utf8.count > Self.maxNameBytes || segments.contains(where: { $0.utf8.count > Self.maxSegmentBytes }) {
            throw HyperFailure(
                400, "object name is too long: at most \(Self.maxNameBytes) bytes, and \(Self.maxSegmentBytes) per segment")
        }
        return try bucketPath(bucket) + "/" + name
    }

    private static func realPath(_ path: String) throws(HyperFailure) -> String {
        guard let resolved = realpath(path, nil) else { throw HyperFailure(404, "object does not exist") }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private func ensureInside(_ bucket: String, _ resolved: String) throws(HyperFailure) {
        let base = try Self.realPath(try bucketPath(bucket))
        guard resolved == base || resolved.hasPrefix(base + "/") else {
            throw HyperFailure(400, "path leads outside the bucket")
        }
    }
}
