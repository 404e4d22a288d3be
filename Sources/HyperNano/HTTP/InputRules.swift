import HyperJSON

/// What nano refuses to store because it could not be used afterwards: ids and names that
/// cannot be addressed, numbers common JSON readers cannot read, documents too deep for the
/// answers that carry them. Each refusal is a 400 naming the rule.
enum InputRules {
    /// Characters of a number literal in a request body: Python's json stops at 4,300 digits.
    static let numberLength = 400
    /// Nesting of a stored document or value. Answers wrap one at most 3 levels deeper (a cache
    /// query: `{"docs":[{"value":...}]}`), within the 512 levels every JSON reader of
    /// hyper-vision accepts.
    static let documentDepth = 500

    /// How request bodies are parsed.
    static let body = JSONParseLimits(maximumNumberLength: numberLength)

    /// An id, key or name: not empty, and no control character (C0 or DEL). SQLite's C API
    /// (through GRDB) binds text as a C string, so `doc\u{0}x` would address `doc`; a control
    /// character in a URL segment is no better. `field` is made only for a refusal (every request checks its path segments).
    static func checkIdentifier(_ text: String, field: @autoclosure () -> String) throws(HyperFailure) {
        if text.isEmpty { throw HyperFailure(400, "\(field()) must not be empty") }
        // Control characters are ASCII: no byte of a longer UTF-8 sequence is below 0x80.
        if let control = text.utf8.first(where: { $0 < 0x20 || $0 == 0x7F }) {
            throw HyperFailure(400, "\(field()) must not contain control characters (it has U+\(hex(control)))")
        }
    }

    /// The document or value nests at most `documentDepth` levels.
    static func checkDepth(_ value: JSON, field: String) throws(HyperFailure) {
        let depth = nesting(of: value)
        guard depth <= documentDepth else {
            throw HyperFailure(400, "\(field) nests \(depth) levels deep, over the limit of \(documentDepth)")
        }
    }

    /// Containers inside containers (`{}` is 1, `[{}]` 2), counted without recursion.
    static func nesting(of value: JSON) -> Int {
        var deepest = 0
        var pending: [(value: JSON, depth: Int)] = [(value, 0)]
        while let (value, depth) = pending.popLast() {
            switch value {
            case .object(let object):
                deepest = max(deepest, depth + 1)
                pending.append(contentsOf: object.values.map { ($0, depth + 1) })
            case .array(let array):
                deepest = max(deepest, depth + 1)
                pending.append(contentsOf: array.map { ($0, depth + 1) })
            default:
                break
            }
        }
        return deepest
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }
}
