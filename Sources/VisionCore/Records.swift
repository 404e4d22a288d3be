import HyperJSON

/// One cache key and its value, as the cache query returns them.
public struct CacheEntry: Sendable, Equatable {
    public let key: String
    public let value: JSON
    /// Known only for keys this tool wrote (the server does not report TTLs).
    public var ttl: String?
    public init(key: String, value: JSON, ttl: String? = nil) { self.key = key; self.value = value; self.ttl = ttl }
}

/// One stored object, from the storage listing (nano extension) or seen by this tool.
public struct StorageObject: Sendable, Equatable {
    public let name: String
    public let size: Int64?
    public let modified: String?
    public let contentType: String?
    public init(name: String, size: Int64?, modified: String?, contentType: String?) {
        self.name = name; self.size = size; self.modified = modified; self.contentType = contentType
    }
}

/// What a request failed with: the server's status and msg, never a stack trace or a secret.
public struct ErrorInfo: Sendable, Equatable, Error {
    public let status: Int?
    public let message: String
    /// The server could not be reached (as opposed to answering with an error).
    public let unreachable: Bool
    public init(status: Int?, message: String, unreachable: Bool = false) {
        self.status = status; self.message = message; self.unreachable = unreachable
    }
    public var text: String { status.map { "\($0) \(message)" } ?? message }
}
