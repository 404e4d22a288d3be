import HyperJSON
import HyperModel
import HyperTransport

/// What a download produced.
public struct DownloadResult: Sendable, Equatable {
    public var contentType: String?
    public var bytes: Int64
    public init(contentType: String?, bytes: Int64) {
        self.contentType = contentType
        self.bytes = bytes
    }
}

/// The storage bucket of the connection's domain (`/storage/{domain}`). Object bodies stream
/// between the network and files; they are never held in memory whole.
public struct StorageAPI: PlainCreatableAPI {
    public static let service = HyperService.storage
    public let client: HyperClient

    /// An object name becomes one encoded path segment per `/`-separated part. Empty parts are
    /// kept, so that the URL refuses them (`''` would address the bucket, `a//b` another object).
    private func url(object name: String) throws(HyperError) -> String {
        try url(name.split(separator: "/", omittingEmptySubsequences: false).map(String.init))
    }

    /// Raw upload (`POST /storage/{bucket}/{name}`, the current SDK's form). The content type
    /// defaults to one guessed from the name's extension.
    public func upload(name: String, fromFile path: String, contentType: String? = nil,
                       progress: ProgressHandler? = nil) async throws(HyperError) -> JSON {
        let type = contentType ?? MimeType.guess(forName: name)
        let request = HTTPRequest(method: "POST", url: try url(object: name), headers: [("Content-Type", type)],
                                  body: .file(path: path), progress: progress)
        return try HyperAnswer.decode(try await client.send(request))
    }

    /// Streams the object into `path` (created or truncated only once a 2xx answer starts, so
    /// an error leaves an existing file alone).
    public func download(name: String, toFile path: String, progress: ProgressHandler? = nil)
        async throws(HyperError) -> DownloadResult
    {
        try await download(name: name, sink: .file(path: path), progress: progress)
    }

    /// Streams the object into an open descriptor (stdout, a pipe, a file opened for
    /// appending), which is written from its current position and left open.
    public func download(name: String, toDescriptor fd: Int32, progress: ProgressHandler? = nil)
        async throws(HyperError) -> DownloadResult
    {
        try await download(name: name, sink: .descriptor(fd), progress: progress)
    }

    private func download(name: String, sink: ResponseSink, progress: ProgressHandler?) async throws(HyperError) -> DownloadResult {
        let request = HTTPRequest(method: "GET", url: try url(object: name), sink: sink, progress: progress)
        let response = try await client.send(request)
        guard (200..<300).contains(response.status) else {
            _ = try HyperAnswer.decode(response)   // throws the server's error
            throw .http(status: response.status, body: "")
        }
        return DownloadResult(contentType: response.header("content-type"), bytes: response.fileBytes)
    }

    public func remove(name: String) async throws(HyperError) -> JSON {
        try await client.call("DELETE", try url(object: name))
    }

    /// `{ok, objects:[{name,size,modified,contentType}]}`: a nano extension ("storage-list"),
    /// hyper itself has no listing.
    public func list(prefix: String = "") async throws(HyperError) -> JSON {
        try await client.read(.storageList(prefix: prefix))
    }
}

/// Content types for common extensions; hyper serves downloads by extension the same way.
enum MimeType {
    static func guess(forName name: String) -> String {
        let last = name.split(separator: "/").last ?? ""
        guard let dot = last.lastIndex(of: ".") else { return "application/octet-stream" }
        return table[last[last.index(after: dot)...].lowercased()] ?? "application/octet-stream"
    }

    private static let table: [String: String] = [
        "txt": "text/plain", "md": "text/markdown", "csv": "text/csv", "html": "text/html",
        "htm": "text/html", "css": "text/css", "js": "text/javascript", "xml": "application/xml",
        "json": "application/json", "pdf": "application/pdf", "zip": "application/zip",
        "gz": "application/gzip", "tar": "application/x-tar", "png": "image/png", "jpg": "image/jpeg",
        "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp", "svg": "image/svg+xml",
        "ico": "image/x-icon", "mp3": "audio/mpeg", "wav": "audio/wav", "mp4": "video/mp4",
        "webm": "video/webm",
    ]
}
