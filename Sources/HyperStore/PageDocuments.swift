import HyperJSON
import HyperModel

/// One document found inside a cached answer, as the full-text index sees it.
struct IndexedDocument: Equatable {
    let id: String
    let title: String
    let text: String
}

/// The documents of a cached hyper answer (its shapes are `Envelope`'s), and how a write to one
/// of them changes the answer.
enum PageDocuments {
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
            return [(id, Envelope.document(of: answer))]
        }
        guard let (_, items) = Envelope.list(of: answer) else { return [] }
        return items.compactMap { item in
            guard let id = Envelope.itemID(item) else { return nil }
            return (id, Envelope.itemDocument(item, of: request.service))
        }
    }

    /// The answer after `id` became `newDocument` (nil: deleted) on the server; `.dropPage` when
    /// a single-document answer lost its document; `.unchanged` when the answer does not hold it.
    enum WriteResult: Equatable { case unchanged, replaced(JSON), dropPage }

    static func apply(id: String, newDocument: JSON?, request: RequestKey, answer: JSON) -> WriteResult {
        if let documentID = request.documentID {
            guard documentID == id else { return .unchanged }
            guard let newDocument else { return .dropPage }
            return .replaced(Envelope.replacingDocument(of: answer, with: newDocument))
        }
        guard let (field, items) = Envelope.list(of: answer), case .object(var object) = answer else { return .unchanged }
        var changed = false
        var updated: [JSON] = []
        for item in items {
            guard Envelope.itemID(item) == id else { updated.append(item); continue }
            changed = true
            if let newDocument {
                updated.append(replacing(item: item, with: newDocument, service: request.service))
            }
        }
        guard changed else { return .unchanged }
        object[field] = .array(updated)
        return .replaced(.object(object))
    }

    private static func replacing(item: JSON, with document: JSON, service: HyperService) -> JSON {
        if Envelope.isCacheItem(item, of: service), case .object(var object) = item {
            object["value"] = document
            return .object(object)
        }
        // A search match holds only the index's stored fields: refresh those, keep the ranking.
        if service == .search, case .object(var object) = item {
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
