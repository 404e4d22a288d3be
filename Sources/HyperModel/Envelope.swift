import HyperJSON

/// hyper's answer envelope, read in one place by the client, the page cache, the session, the
/// browser and the CLI (hyper-api.md 2.6, 3.1, 8.1).
///
/// An answer is an error (`ok:false` without `_id`), one document (bare, or wrapped as
/// `{ok:true, doc}` / search's `{ok:true, key, doc}`), or a list under `docs` (data; cache
/// `{key, value}` items), `matches` (search), `objects` (storage) or `jobs` (queue), whose items
/// are identified by `_id`, `id`, `key` or `name`.
public enum Envelope {
    public static let listFields = ["docs", "matches", "objects", "jobs"]
    public static let idFields = ["_id", "id", "key", "name"]

    /// hyper's `isHyperErr`: `ok === false` and no `_id` (a stored document may hold `ok:false`).
    public static func isError(_ json: JSON) -> Bool {
        json["ok"]?.boolValue == false && json["_id"] == nil
    }

    /// The message of an error answer: `msg`, `message` or `error`, else `HTTP status`.
    public static func errorMessage(_ json: JSON, status: Int) -> String {
        for key in ["msg", "message", "error"] {
            if let value = json[key], !value.isNull { return value.stringValue ?? value.compact }
        }
        return "HTTP \(status)"
    }

    /// Whether a one-document answer is wrapped (`{ok:true, doc}`, `{ok:true, key, doc}`); a
    /// document with an `_id` is never taken for an envelope.
    public static func isWrapped(_ answer: JSON) -> Bool {
        answer["ok"]?.boolValue == true && answer["_id"] == nil && answer["doc"] != nil
    }

    /// The document of a one-document answer, wrapped or bare.
    public static func document(of answer: JSON) -> JSON {
        isWrapped(answer) ? answer["doc"]! : answer
    }

    /// `answer` with `document` in its place (the envelope kept when there is one).
    public static func replacingDocument(of answer: JSON, with document: JSON) -> JSON {
        guard isWrapped(answer), case .object(var object) = answer else { return document }
        object["doc"] = document
        return .object(object)
    }

    /// The list of a list answer: the field it is under and its items.
    public static func list(of answer: JSON) -> (field: String, items: [JSON])? {
        for field in listFields {
            if let items = answer[field]?.arrayValue { return (field, items) }
        }
        return nil
    }

    /// An item's id: its `_id`, `id`, `key` or `name` (numbers as written).
    public static func itemID(_ item: JSON) -> String? {
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
    public static func isCacheItem(_ item: JSON, of service: HyperService) -> Bool {
        service == .cache && item["key"] != nil && item["value"] != nil
    }

    /// The document an item of `service`'s list stands for.
    public static func itemDocument(_ item: JSON, of service: HyperService) -> JSON {
        isCacheItem(item, of: service) ? item["value"]! : item
    }
}
