import HyperClient
import HyperJSON
import HyperModel
import HyperStore

/// Every write the tool makes; each goes through `AppSession.write(_:)` and is journaled.
public enum WriteAction: Sendable, Equatable {
    /// Adds a data document; it must carry its `_id` (see `DocumentTemplates.withID`) so the
    /// journal can name it and undo can remove it.
    case dataAdd(JSON)
    case dataUpdate(id: String, document: JSON)
    case dataDelete(id: String)
    case cacheAdd(key: String, value: JSON, ttl: String? = nil)
    case cacheSet(key: String, value: JSON, ttl: String? = nil)
    case cacheRemove(key: String)
    case searchAdd(key: String, document: JSON)
    case searchUpdate(key: String, document: JSON)
    case searchRemove(key: String)
    case queueRetry(id: String)
    case queueCancel(id: String)
    /// Uploads the local file at `path` as object `name`.
    case storageUpload(name: String, path: String, contentType: String? = nil)
    case storageRemove(name: String)

    public var service: HyperService {
        switch self {
        case .dataAdd, .dataUpdate, .dataDelete: .data
        case .cacheAdd, .cacheSet, .cacheRemove: .cache
        case .searchAdd, .searchUpdate, .searchRemove: .search
        case .queueRetry, .queueCancel: .queue
        case .storageUpload, .storageRemove: .storage
        }
    }

    /// The document id, key, job id or object name written.
    public var target: String {
        switch self {
        case .dataAdd(let document): document["_id"]?.stringValue ?? ""
        case .dataUpdate(let id, _), .dataDelete(let id): id
        case .cacheAdd(let key, _, _), .cacheSet(let key, _, _), .cacheRemove(let key): key
        case .searchAdd(let key, _), .searchUpdate(let key, _), .searchRemove(let key): key
        case .queueRetry(let id), .queueCancel(let id): id
        case .storageUpload(let name, _, _), .storageRemove(let name): name
        }
    }

    /// How messages name a write: `delete data movie-0001`.
    public var summary: String {
        let verb: String = switch journalAction {
        case .add: "add"
        case .update, .cacheSet, .searchUpdate: "update"
        case .delete, .cacheRemove, .searchRemove, .storageRemove: "delete"
        case .queueRetry: "retry"
        case .queueCancel: "cancel"
        case .storageUpload: "upload"
        }
        return "\(verb) \(service.rawValue) \(target)"
    }

    /// How the journal names it. Re-indexing a search key is an update (hyper has no separate
    /// name for it, and undo restores with the same action).
    public var journalAction: JournalAction {
        switch self {
        case .dataAdd: .add
        case .dataUpdate: .update
        case .dataDelete: .delete
        case .cacheAdd, .cacheSet: .cacheSet
        case .cacheRemove: .cacheRemove
        case .searchAdd, .searchUpdate: .searchUpdate
        case .searchRemove: .searchRemove
        case .queueRetry: .queueRetry
        case .queueCancel: .queueCancel
        case .storageUpload: .storageUpload
        case .storageRemove: .storageRemove
        }
    }

    /// The document as the server holds it after the write (nil: gone); the journal's after
    /// image and what cached pages are updated with. Storage and queue writes keep a small
    /// description (object bytes are not journaled).
    var after: JSON? {
        switch self {
        case .dataAdd(let document): document
        case .dataUpdate(let id, let document): Self.withDataID(document, id)
        case .cacheAdd(_, let value, _), .cacheSet(_, let value, _): value
        case .searchAdd(_, let document), .searchUpdate(_, let document): document
        case .storageUpload(let name, let path, let contentType):
            ["name": .string(name), "file": .string(path), "contentType": contentType.map(JSON.string) ?? .null]
        case .dataDelete, .cacheRemove, .searchRemove, .queueRetry, .queueCancel, .storageRemove: nil
        }
    }

    /// Whether the write replaces or removes one document that cached pages may hold. A new
    /// document is not inserted into cached lists (its position is the server's call).
    var changesCachedDocument: Bool {
        switch self {
        case .dataAdd, .cacheAdd, .searchAdd, .storageUpload: false
        default: true
        }
    }

    /// Whether the write changes a document whose previous version the journal keeps.
    var hasBeforeImage: Bool {
        switch self {
        case .dataUpdate, .dataDelete, .cacheSet, .cacheRemove, .searchUpdate, .searchRemove: true
        default: false
        }
    }

    /// Sends the write; `progress` follows an upload's bytes (other writes are small and ignore it).
    func send(with client: HyperClient, progress: ProgressHandler? = nil) async throws(HyperError) -> JSON {
        switch self {
        case .dataAdd(let document): try await client.data.add(document)
        case .dataUpdate(let id, let document): try await client.data.update(id, document)
        case .dataDelete(let id): try await client.data.remove(id)
        case .cacheAdd(let key, let value, let ttl): try await client.cache.add(key: key, value: value, ttl: ttl)
        case .cacheSet(let key, let value, let ttl): try await client.cache.set(key: key, value: value, ttl: ttl)
        case .cacheRemove(let key): try await client.cache.remove(key)
        case .searchAdd(let key, let document): try await client.search.add(key: key, doc: document)
        case .searchUpdate(let key, let document): try await client.search.update(key: key, doc: document)
        case .searchRemove(let key): try await client.search.remove(key)
        case .queueRetry(let id): try await client.queue.retry(id: id)
        case .queueCancel(let id): try await client.queue.cancel(id: id)
        case .storageUpload(let name, let path, let contentType):
            try await client.storage.upload(name: name, fromFile: path, contentType: contentType, progress: progress)
        case .storageRemove(let name): try await client.storage.remove(name: name)
        }
    }

    /// The write that carries out a journal undo plan; nil for `.impossible`.
    init?(undo plan: UndoAction) {
        switch plan {
        case .restore(let service, let id, let document):
            switch service {
            case .data: self = .dataUpdate(id: id, document: document)
            case .cache: self = .cacheSet(key: id, value: document)
            case .search: self = .searchUpdate(key: id, document: document)
            case .storage, .queue: return nil
            }
        case .add(let service, let id, let document):
            switch service {
            case .data: self = .dataAdd(Self.withDataID(document, id))
            // Setting is an upsert: it brings a removed key back as well as adding it.
            case .cache: self = .cacheSet(key: id, value: document)
            case .search: self = .searchAdd(key: id, document: document)
            case .storage, .queue: return nil
            }
        case .remove(let service, let id):
            switch service {
            case .data: self = .dataDelete(id: id)
            case .cache: self = .cacheRemove(key: id)
            case .search: self = .searchRemove(key: id)
            case .storage, .queue: return nil
            }
        case .impossible:
            return nil
        }
    }

    /// A data document stored under `id` holds it as `_id`.
    static func withDataID(_ document: JSON, _ id: String) -> JSON {
        guard case .object(var object) = document, object["_id"] == nil else { return document }
        object["_id"] = .string(id)
        return .object(object)
    }
}
