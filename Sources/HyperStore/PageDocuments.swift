import HyperJSON

/// One document found inside a cached answer, as the full-text index sees it.
struct IndexedDocument: Equatable {
    let id: String
    let title: String
    let text: String
}

/// Where the documents of a hyper answer are, and how a write to one of them changes the answer.
///
/// hyper answers have few shapes: one document (raw, or wrapped as `{ok, doc}` / `{ok, key, doc}`),
/// or a list under `docs` (data, cache `{key,value}` items), `matches` (search), `objects`
/// (storage) or `jobs` (queue). Items are identified by `_id`, `id`, `key` or `name`.
enum PageDocuments {
    static let listFields = ["docs", "matches", "objects", "jobs"]
    static let idFields = ["_id", "id", "key", "name"]
    static let titleFields = ["title", "name", "label", "subject", "key", "_id", "id"]
    /// Search matches carry ranking data next to the stored fields; writes leave these alone.
    static let searchMetadata: Set<String> = ["id", "key", "score", "terms", "queryTerms", "match"]
    /// Text indexed per document is capped: a few large documents must not bloat the index.
    static let maxIndexedText = 8 * 1024

    static func extract(request: RequestKey, answer: JSON) -> [IndexedDocument] {
        documents(request: request, answer: answer).map { indexed(id: $0.id, document: $0.document) }
    }

    /// The document `id` as this answer holds it (for a search match: its stored fields only).
    static func document(id: String, request: RequestKey, answer: JSON) -> JSON? {
        documents(request: request, answer: answer).first { $0.id == id }?.document
    }

    private static func documents(request: RequestKey, answer: JSON) -> [(id: String, document: JSON)] {
        if let id = request.documentID {
            return [(id, singleDocument(of: answer))]
        }
        guard let (_, items) = list(of: answer) else { return [] }
        return items.compactMap { item in
            guard let id = itemID(item) else { return nil }
            return (id, itemDocument(item, service: request.service))
        }
    }

    /// The answer after `id` became `newDocument` (nil: deleted) on the server; `.dropPage` when
    /// a single-document answer lost its document; `.unchanged` when the answer does not hold it.
    enum WriteResult: Equatable { case unchanged, replaced(JSON), dropPage }

    static func apply(id: String, newDocument: JSON?, request: RequestKey, answer: JSON) -> WriteResult {
        if let documentID = request.documentID {
            guard documentID == id else { return .unchanged }
            guard let newDocument else { return .dropPage }
            if isWrapped(answer), case .object(var object) = answer {
                object["doc"] = newDocument
                return .replaced(.object(object))
            }
            return .replaced(newDocument)
        }
        guard let (field, items) = list(of: answer), case .object(var object) = answer else { return .unchanged }
        var changed = false
        var updated: [JSON] = []
        for item in items {
            guard itemID(item) == id else { updated.append(item); continue }
            changed = true
            if let newDocument {
                updated.append(replacing(item: item, with: newDocument, service: request.service))
            }
        }
        guard changed else { return .unchanged }
        object[field] = .array(updated)
        return .replaced(.object(object))
    }

    private static func isWrapped(_ answer: JSON) -> Bool {
        answer["ok"] == .bool(true) && answer["doc"] != nil
    }

    private static func singleDocument(of answer: JSON) -> JSON {
        isWrapped(answer) ? answer["doc"]! : answer
    }

    private static func list(of answer: JSON) -> (String, [JSON])? {
        for field in listFields {
            if let items = answer[field]?.arrayValue { return (field, items) }
        }
        return nil
    }

    private static func itemID(_ item: JSON) -> String? {
        for field in idFields {
            switch item[field] {
            case .string(let text)?: return text
            case .number(let number)?: return number.text
            default: continue
            }
        }
        return nil
    }

    /// Cache list items are `{key, value}`: the document is the value.
    private static func isCacheItem(_ item: JSON, service: String) -> Bool {
        service == "cache" && item["key"] != nil && item["value"] != nil
    }

    private static func itemDocument(_ item: JSON, service: String) -> JSON {
        isCacheItem(item, service: service) ? item["value"]! : item
    }

    private static func replacing(item: JSON, with document: JSON, service: String) -> JSON {
        if isCacheItem(item, service: service), case .object(var object) = item {
            object["value"] = document
            return .object(object)
        }
        // A search match holds only the index's stored fields: refresh those, keep the ranking.
        if service == "search", case .object(var object) = item {
            for key in Array(object.keys) where !searchMetadata.contains(key) {
                object[key] = document[key]
            }
            return .object(object)
        }
        return document
    }

    private static func indexed(id: String, document: JSON) -> IndexedDocument {
        var title = id
        for field in titleFields {
            if let text = document[field]?.stringValue, !text.isEmpty { title = text; break }
        }
        var text = id
        appendLeaves(of: document, to: &text)
        return IndexedDocument(id: id, title: title, text: text)
    }

    /// Strings and numbers of the document, space separated; keys are left out (every movie has
    /// a `title` key, so indexing keys would make "title" match everything).
    private static func appendLeaves(of value: JSON, to text: inout String) {
        guard text.utf8.count < maxIndexedText else { return }
        switch value {
        case .string(let string): text += " " + string
        case .number(let number): text += " " + number.text
        case .array(let items): for item in items { appendLeaves(of: item, to: &text) }
        case .object(let object): for item in object.values { appendLeaves(of: item, to: &text) }
        case .bool, .null: break
        }
        if text.utf8.count > maxIndexedText {
            text = String(decoding: text.utf8.prefix(maxIndexedText), as: UTF8.self)
        }
    }
}
