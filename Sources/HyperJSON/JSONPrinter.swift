extension JSON {
    /// Compact text: no whitespace, keys in stored order. This is what goes on the wire.
    public var compact: String { String(decoding: compactBytes, as: UTF8.self) }

    public var compactBytes: [UInt8] {
        var printer = JSONPrinter(indent: nil)
        printer.write(self, level: 0)
        return printer.output
    }

    /// Indented text for people: two spaces per level by default, `"key": value`, keys in stored order.
    public func pretty(indent: Int = 2) -> String {
        var printer = JSONPrinter(indent: indent)
        printer.write(self, level: 0)
        return String(decoding: printer.output, as: UTF8.self)
    }
}

extension JSON: CustomStringConvertible {
    public var description: String { compact }
}

/// Writes JSON as UTF-8 bytes. Strings are escaped per RFC 8259 and free of terminal controls
/// (see `writeString`); other non-ASCII text is kept as UTF-8.
struct JSONPrinter {
    let indent: Int?
    var output: [UInt8] = []

    init(indent: Int?) {
        self.indent = indent
        output.reserveCapacity(256)
    }

    mutating func write(_ value: JSON, level: Int) {
        switch value {
        case .null: append("null")
        case .bool(let b): append(b ? "true" : "false")
        case .number(let n): output.append(contentsOf: n.text.utf8)
        case .string(let s): writeString(s)
        case .array(let array):
            guard !array.isEmpty else { return append("[]") }
            output.append(UInt8(ascii: "["))
            for (i, element) in array.enumerated() {
                if i > 0 { output.append(UInt8(ascii: ",")) }
                newline(level + 1)
                write(element, level: level + 1)
            }
            newline(level)
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            guard !object.isEmpty else { return append("{}") }
            output.append(UInt8(ascii: "{"))
            var first = true
            for (key, element) in object {
                if !first { output.append(UInt8(ascii: ",")) }
                first = false
                newline(level + 1)
                writeString(key)
                output.append(UInt8(ascii: ":"))
                if indent != nil { output.append(UInt8(ascii: " ")) }
                write(element, level: level + 1)
            }
            newline(level)
            output.append(UInt8(ascii: "}"))
        }
    }

    private mutating func newline(_ level: Int) {
        guard let indent else { return }
        output.append(0x0A)
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * level))
    }

    private mutating func append(_ literal: StaticString) {
        output.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// RFC 8259 escapes, plus `\u` escapes for every other control character of
    /// `TerminalText.isControl` (DEL, C1, bidi controls): still the same JSON value, and safe to
    /// print on a terminal, where U+009B would start an escape sequence and U+202E reverse text.
    mutating func writeString(_ string: String) {
        output.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { bytes in
            var i = 0
            while i < bytes.count {
                let byte = bytes[i]
                switch byte {
                case UInt8(ascii: "\""): append("\\\"")
                case UInt8(ascii: "\\"): append("\\\\")
                case 0x0A: append("\\n")
                case 0x0D: append("\\r")
                case 0x09: append("\\t")
                case 0x08: append("\\b")
                case 0x0C: append("\\f")
                case 0x00..<0x20, 0x7F: appendEscape(UInt32(byte))
                // The lead bytes of U+0080-U+00BF and U+2000-U+2FFF, where C1 and the bidi
                // controls live; every other byte is copied as it is.
                case 0xC2, 0xE2:
                    let length = byte == 0xC2 ? 2 : 3
                    if i + length <= bytes.count, let scalar = Self.scalar(bytes[i..<i + length]),
                       TerminalText.isControl(scalar) {
                        appendEscape(scalar.value)
                        i += length
                        continue
                    }
                    output.append(byte)
                default: output.append(byte)
                }
                i += 1
            }
        }
        output.append(UInt8(ascii: "\""))
    }

    /// `\u00XX` or `\uXXXX` for a scalar of the Basic Multilingual Plane.
    private mutating func appendEscape(_ value: UInt32) {
        append("\\u")
        for shift in stride(from: 12, through: 0, by: -4) {
            output.append(Self.hexDigit(UInt8((value >> UInt32(shift)) & 0xF)))
        }
    }

    /// The scalar of one 2- or 3-byte UTF-8 sequence (a Swift string's UTF-8 is always valid).
    private static func scalar(_ bytes: UnsafeBufferPointer<UInt8>.SubSequence) -> Unicode.Scalar? {
        let lead = UInt32(bytes[bytes.startIndex])
        var value = bytes.count == 2 ? lead & 0x1F : lead & 0x0F
        for byte in bytes.dropFirst() { value = value << 6 | UInt32(byte & 0x3F) }
        return Unicode.Scalar(value)
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }
}
