import Foundation
import HyperJSON

/// Typed access to a JSON request body, answering 422 `Invalid Arguments '<field>': ...` for a
/// value of the wrong type. `null` counts as absent everywhere (hyper's zod ports reject it,
/// which trips the Python SDK's `filter: None`).
struct Arguments: Sendable {
    let object: JSONObject

    init(_ body: JSON, field: String = "body") throws(HyperFailure) {
        guard case .object(let object) = body else {
            throw .invalidArgument(field, "Expected object, received \(body.typeName)")
        }
        self.object = object
    }

    /// The value, or nil when missing or null.
    func value(_ key: String) -> JSON? {
        guard let value = object[key], !value.isNull else { return nil }
        return value
    }

    func string(_ key: String) throws(HyperFailure) -> String? {
        try typed(key, "string", { $0.stringValue })
    }

    func requiredString(_ key: String) throws(HyperFailure) -> String {
        try required(key, string(key))
    }

    func object(_ key: String) throws(HyperFailure) -> JSONObject? {
        try typed(key, "object", { $0.objectValue })
    }

    func requiredObject(_ key: String) throws(HyperFailure) -> JSONObject {
        try required(key, object(key))
    }

    func stringArray(_ key: String) throws(HyperFailure) -> [String]? {
        guard let items = try typed(key, "array", { $0.arrayValue }) else { return nil }
        var strings: [String] = []
        for (index, item) in items.enumerated() {
            guard case .string(let text) = item else { throw Self.mismatch("\(key).\(index)", "string", item) }
            strings.append(text)
        }
        return strings
    }

    /// The value as `T` (`extract` says how), nil when missing or null, 422 when of another type.
    private func typed<T>(_ key: String, _ expected: String, _ extract: (JSON) -> T?) throws(HyperFailure) -> T? {
        guard let value = value(key) else { return nil }
        guard let typed = extract(value) else { throw Self.mismatch(key, expected, value) }
        return typed
    }

    private func required<T>(_ key: String, _ value: T?) throws(HyperFailure) -> T {
        guard let value else { throw .invalidArgument(key, "Required") }
        return value
    }

    /// A non-negative integer given as a number or a numeric string (hyper accepts both).
    func count(_ key: String) throws(HyperFailure) -> Int? {
        guard let value = value(key) else { return nil }
        switch value {
        case .number(let number):
            guard let int = number.int, int >= 0 else {
                throw .invalidArgument(key, "Expected a non-negative integer, received \(number.text)")
            }
            return int
        case .string(let text):
            return try Self.count(text, field: key)
        default:
            throw Self.mismatch(key, "number", value)
        }
    }

    /// Parses a count from a query-string or body string.
    static func count(_ text: String, field: String) throws(HyperFailure) -> Int {
        guard let int = Int(text.trimmingCharacters(in: .whitespaces)), int >= 0 else {
            throw .invalidArgument(field, "Expected number, received string '\(text)'")
        }
        return int
    }

    static func mismatch(_ field: String, _ expected: String, _ received: JSON) -> HyperFailure {
        .invalidArgument(field, "Expected \(expected), received \(received.typeName)")
    }
}
