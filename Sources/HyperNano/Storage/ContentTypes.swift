/// Content types by file extension, for downloads and the object listing.
enum ContentTypes {
    private static let byExtension: [String: String] = [
        "txt": "text/plain; charset=UTF-8", "text": "text/plain; charset=UTF-8", "md": "text/markdown; charset=UTF-8",
        "csv": "text/csv; charset=UTF-8", "html": "text/html; charset=UTF-8", "htm": "text/html; charset=UTF-8",
        "css": "text/css; charset=UTF-8", "js": "text/javascript; charset=UTF-8", "mjs": "text/javascript; charset=UTF-8",
        "json": "application/json; charset=UTF-8", "xml": "application/xml", "yaml": "text/yaml; charset=UTF-8",
        "yml": "text/yaml; charset=UTF-8", "toml": "application/toml", "pdf": "application/pdf", "zip": "application/zip",
        "gz": "application/gzip", "tar": "application/x-tar", "wasm": "application/wasm",
        "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp",
        "svg": "image/svg+xml", "ico": "image/vnd.microsoft.icon", "avif": "image/avif",
        "mp3": "audio/mpeg", "wav": "audio/wav", "ogg": "audio/ogg", "mp4": "video/mp4", "webm": "video/webm",
        "woff": "font/woff", "woff2": "font/woff2",
    ]

    /// The type for the name's last extension, `application/octet-stream` when unknown.
    static func forName(_ name: String) -> String {
        let file = name.split(separator: "/").last.map(String.init) ?? name
        guard let dot = file.lastIndex(of: "."), dot != file.startIndex else { return "application/octet-stream" }
        return byExtension[file[file.index(after: dot)...].lowercased()] ?? "application/octet-stream"
    }
}
