import Foundation
import HyperClient
import HyperJSON
import HyperModel

/// What `a` (add) opens in the editor, per service, and how a written template becomes a write.
public enum DocumentTemplates {
    /// The starting text of a new document; nil for services without documents to add here.
    public static func template(for service: HyperService) -> JSON? {
        switch service {
        case .data: ["_id": "", "type": ""]
        case .cache: ["key": "", "value": [:], "ttl": nil]
        case .search: ["key": "", "doc": [:]]
        case .queue, .storage: nil
        }
    }

    /// The write that adds `document` (written from `template(for:)`), or why it cannot be.
    /// A data document without an `_id` gets a generated one: the journal must name what was
    /// added so that undo can remove it.
    public static func addition(_ service: HyperService, document: JSON) throws(SessionError) -> WriteAction {
        guard document.objectValue != nil else { throw .invalidDocument("a new \(service.rawValue) entry must be a JSON object") }
        switch service {
        case .data:
            return .dataAdd(withID(document))
        case .cache:
            let key = try requiredKey(document)
            let ttl = document["ttl"].flatMap { $0.isNull ? nil : ($0.stringValue ?? $0.compact) }
            return .cacheAdd(key: key, value: document["value"] ?? .null, ttl: ttl)
        case .search:
            guard let doc = document["doc"], doc.objectValue != nil else {
                throw .invalidDocument("\"doc\" must be the object to index")
            }
            return .searchAdd(key: try requiredKey(document), document: doc)
        case .queue, .storage:
            throw .invalidDocument("\(service.rawValue) entries are not added from the editor")
        }
    }

    /// `document` with a non-empty `_id`: its own, else a new random one.
    public static func withID(_ document: JSON) -> JSON {
        guard case .object(var object) = document else { return document }
        if let id = object["_id"]?.stringValue, !id.isEmpty { return document }
        object["_id"] = .string(UUID().uuidString.lowercased())
        return .object(object)
    }

    private static func requiredKey(_ document: JSON) throws(SessionError) -> String {
        guard let key = document["key"]?.stringValue, !key.isEmpty else {
            throw .invalidDocument("\"key\" must be a non-empty string")
        }
        return key
    }
}
