/// What a parse accepts beyond the JSON grammar.
public struct JSONParseLimits: Sendable {
    /// Containers nested deeper are refused rather than risking the stack of a small worker
    /// thread. Whatever reads another program's JSON should accept more than that program
    /// writes: nano stores documents at most 500 deep and wraps them at most 3 levels.
    public var maximumDepth: Int
    /// Characters of one number literal. Unbounded by default: a client reads whatever a
    /// server sends, and numbers keep their text. A server can refuse numbers that common
    /// readers cannot (Python's int() stops at 4,300 digits).
    public var maximumNumberLength: Int

    public init(maximumDepth: Int = 512, maximumNumberLength: Int = .max) {
        self.maximumDepth = maximumDepth
        self.maximumNumberLength = maximumNumberLength
    }
}

extension JSON {
    /// Parses one JSON value; anything but whitespace after it is an error.
    public static func parse(_ text: String, limits: JSONParseLimits = JSONParseLimits()) throws(JSONParseError) -> JSON {
        var text = text
        let result = text.withUTF8 { bytes in Result { () throws(JSONParseError) in try parse(bytes, limits: limits) } }
        return try result.get()
    }

    public static func parse(_ bytes: [UInt8], limits: JSONParseLimits = JSONParseLimits()) throws(JSONParseError) -> JSON {
        let result = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(JSONParseError) in try parse(buffer, limits: limits) }
        }
        return try result.get()
    }

    public static func parse(
        _ buffer: UnsafeBufferPointer<UInt8>, limits: JSONParseLimits = JSONParseLimits()
    ) throws(JSONParseError) -> JSON {
        var parser = JSONParser(buffer, limits: limits)
        return try parser.parseDocument()
    }
}

/// A recursive-descent parser over UTF-8 bytes. Strings without escapes are decoded in one step
/// from the input buffer, numbers are validated and sliced, never converted.
struct JSONParser {
    private let bytes: UnsafeBufferPointer<UInt8>
    private let limits: JSONParseLimits
    private var index = 0
    private var depth = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>, limits: JSONParseLimits) {
        self.bytes = bytes
        self.limits = limits
    }

    mutating func parseDocument() throws(JSONParseError) -> JSON {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }  // BOM
        skipWhitespace()
        guard index < bytes.count else { throw error("unexpected end of input, expected a value") }
        let value = try parseValue()
        skipWhitespace()
        if index < bytes.count { throw error("unexpected \(describe(bytes[index])) after the value") }
        return value
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    private mutating func parseValue() throws(JSONParseError) -> JSON {
        guard index < bytes.count else { throw error("unexpected end of input, expected a value") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw error("unexpected \(describe(bytes[index])), expected a value")
        }
    }

    private mutating func enter() throws(JSONParseError) {
        depth += 1
        if depth > limits.maximumDepth { throw error("nesting deeper than \(limits.maximumDepth) levels") }
    }

    private mutating func parseObject() throws(JSONParseError) -> JSON {
        try enter()
        index += 1
        var object = JSONObject()
        skipWhitespace()
        if leave(closer: UInt8(ascii: "}")) { return .object(object) }
        repeat {
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input in an object") }
            guard bytes[index] == UInt8(ascii: "\"") else {
                throw error("expected a string key, found \(describe(bytes[index]))")
            }
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw error(index < bytes.count ? "expected ':' after the key" : "unexpected end of input in an object")
            }
            index += 1
            skipWhitespace()
            object[key] = try parseValue()  // a repeated key keeps its first position, last value
        } while try !endsAfterItem(closer: UInt8(ascii: "}"), in: "an object")
        return .object(object)
    }

    private mutating func parseArray() throws(JSONParseError) -> JSON {
        try enter()
        index += 1
        var array: [JSON] = []
        skipWhitespace()
        if leave(closer: UInt8(ascii: "]")) { return .array(array) }
        repeat {
            skipWhitespace()
            array.append(try parseValue())
        } while try !endsAfterItem(closer: UInt8(ascii: "]"), in: "an array")
        return .array(array)
    }

    /// Steps over `closer` when it comes next, leaving the container's nesting level.
    private mutating func leave(closer: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == closer else { return false }
        index += 1
        depth -= 1
        return true
    }

    /// After a member or an element: `,` goes on to the next one (false), `closer` ends the
    /// container (true), anything else is an error naming `container`.
    private mutating func endsAfterItem(closer: UInt8, in container: String) throws(JSONParseError) -> Bool {
        skipWhitespace()
        guard index < bytes.count else { throw error("unexpected end of input in \(container)") }
        if leave(closer: closer) { return true }
        guard bytes[index] == UInt8(ascii: ",") else {
            throw error("expected ',' or '\(Character(Unicode.Scalar(closer)))' in \(container), found \(describe(bytes[index]))")
        }
        index += 1
        return false
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let count = literal.utf8CodeUnitCount
        let start = literal.utf8Start
        guard index + count <= bytes.count else { throw error("invalid literal, expected '\(literal)'") }
        for offset in 0..<count where bytes[index + offset] != start[offset] {
            throw error("invalid literal, expected '\(literal)'")  // reported where the literal starts
        }
        index += count
    }

    private mutating func parseNumber() throws(JSONParseError) -> JSONNumber {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw error("invalid number: expected a digit") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) { throw error("invalid number: leading zero") }
        } else {
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw error("invalid number: expected a digit after '.'") }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { throw error("invalid number: expected a digit in the exponent") }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        guard index - start <= limits.maximumNumberLength else {
            let length = index - start
            index = start
            throw error("number of \(length) characters, over the limit of \(limits.maximumNumberLength)")
        }
        let slice = UnsafeBufferPointer(rebasing: bytes[start..<index])
        return JSONNumber(text: String(decoding: slice, as: UTF8.self))
    }

    @inline(__always) private func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    /// Parses a string starting at its opening quote. The common case, no escapes and valid UTF-8,
    /// is a scan plus one validating decode.
    private mutating func parseString() throws(JSONParseError) -> String {
        index += 1
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let slice = UnsafeBufferPointer(rebasing: bytes[start..<index])
                index += 1
                return try decodeUTF8(slice, at: start)
            }
            if byte == UInt8(ascii: "\\") { return try parseEscapedString(from: start) }
            if byte < 0x20 { throw error("control character \(describe(byte)) in a string; escape it") }
            index += 1
        }
        throw error("unterminated string")
    }

    private mutating func parseEscapedString(from start: Int) throws(JSONParseError) -> String {
        var scalars: [UInt8] = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                let result = scalars.withUnsafeBufferPointer { buffer in
                    Result { () throws(JSONParseError) in try decodeUTF8(buffer, at: start) }
                }
                return try result.get()
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { throw error("unterminated string") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): scalars.append(0x22)
                case UInt8(ascii: "\\"): scalars.append(0x5C)
                case UInt8(ascii: "/"): scalars.append(0x2F)
                case UInt8(ascii: "b"): scalars.append(0x08)
                case UInt8(ascii: "f"): scalars.append(0x0C)
                case UInt8(ascii: "n"): scalars.append(0x0A)
                case UInt8(ascii: "r"): scalars.append(0x0D)
                case UInt8(ascii: "t"): scalars.append(0x09)
                case UInt8(ascii: "u"): appendUTF8(try parseUnicodeEscape(), to: &scalars)
                default:
                    index -= 2  // point at the backslash
                    throw error("invalid escape '\\\(describeRaw(escape))' in a string")
                }
            default:
                if byte < 0x20 { throw error("control character \(describe(byte)) in a string; escape it") }
                scalars.append(byte)
                index += 1
            }
        }
        throw error("unterminated string")
    }

    /// Reads the hex digits of `\uXXXX` (the `\u` already consumed), joining surrogate pairs.
    private mutating func parseUnicodeEscape() throws(JSONParseError) -> Unicode.Scalar {
        let high = try parseHex4()
        if (0xD800...0xDBFF).contains(high) {
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                throw error("lone high surrogate \\u\(hex(high)) without its low half")
            }
            index += 2
            let low = try parseHex4()
            guard (0xDC00...0xDFFF).contains(low) else { throw error("invalid low surrogate \\u\(hex(low))") }
            let value = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
            return Unicode.Scalar(value)!
        }
        if (0xDC00...0xDFFF).contains(high) { throw error("lone low surrogate \\u\(hex(high))") }
        return Unicode.Scalar(high)!
    }

    private mutating func parseHex4() throws(JSONParseError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("incomplete \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error("invalid hex digit \(describe(byte)) in a \\u escape")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    private func appendUTF8(_ scalar: Unicode.Scalar, to buffer: inout [UInt8]) {
        UTF8.encode(scalar) { buffer.append($0) }
    }

    private func decodeUTF8(_ slice: UnsafeBufferPointer<UInt8>, at start: Int) throws(JSONParseError) -> String {
        if let string = String(validating: slice, as: UTF8.self) { return string }
        throw JSONParser.locate("invalid UTF-8 in a string", offset: start, in: bytes)
    }

    private func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    private func describeRaw(_ byte: UInt8) -> String {
        byte >= 0x20 && byte < 0x7F ? String(UnicodeScalar(byte)) : "0x" + String(byte, radix: 16)
    }

    private func describe(_ byte: UInt8) -> String {
        byte >= 0x20 && byte < 0x7F ? "'\(String(UnicodeScalar(byte)))'" : "byte 0x\(String(byte, radix: 16, uppercase: true))"
    }

    private func error(_ message: String) -> JSONParseError {
        JSONParser.locate(message, offset: index, in: bytes)
    }

    /// Line and column are computed only when an error is raised, so the hot path tracks neither.
    static func locate(_ message: String, offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> JSONParseError {
        var line = 1
        var column = 1
        var i = 0
        let end = min(offset, bytes.count)
        while i < end {
            let byte = bytes[i]
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {  // count characters, not UTF-8 continuation bytes
                column += 1
            }
            i += 1
        }
        return JSONParseError(message: message, line: line, column: column, offset: offset)
    }
}
