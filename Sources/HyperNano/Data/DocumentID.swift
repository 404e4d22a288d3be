import Foundation
import HyperJSON

/// Document ids: hyper generates a cuid when a new document has no `_id`.
enum DocumentID {
    private static let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz")

    /// A cuid-like id: `c`, the time in base 36 (so ids sort by creation), then 12 random characters.
    static func generate() -> String {
        let millis = UInt64(Date().timeIntervalSince1970 * 1000)
        var random = SystemRandomNumberGenerator()
        let suffix = (0..<12).map { _ in alphabet[Int(random.next(upperBound: UInt64(alphabet.count)))] }
        return "c" + String(millis, radix: 36) + String(suffix)
    }

    /// The document with `_id` set to `id`: kept in place when present, put first when not.
    static func stamped(_ doc: JSONObject, id: String) -> JSONObject {
        if doc["_id"] != nil {
            var copy = doc
            copy["_id"] = .string(id)
            return copy
        }
        var stamped: JSONObject = ["_id": .string(id)]
        for (key, value) in doc { stamped[key] = value }
        return stamped
    }

    /// The `_id` of a body document: nil when missing, 422 when it is not a string, 400 when
    /// it could not address the document afterwards (empty, or with a control character).
    static func of(_ doc: JSONObject, field: String = "_id") throws(HyperFailure) -> String? {
        guard let value = doc["_id"], !value.isNull else { return nil }
        guard case .string(let id) = value else { throw Arguments.mismatch(field, "string", value) }
        try InputRules.checkIdentifier(id, field: field)
        return id
    }
}
