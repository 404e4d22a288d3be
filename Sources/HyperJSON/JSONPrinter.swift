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

/// Writes JSON as UTF-8 bytes. Strings are escaped per RFC 8259; non-ASCII text is kept as UTF-8.
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

    mutating func writeString(_ string: String) {
        output.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): append("\\\"")
            case UInt8(ascii: "\\"): append("\\\\")
            case 0x0A: append("\\n")
            case 0x0D: append("\\r")
            case 0x09: append("\\t")
            case 0x08: append("\\b")
            case 0x0C: append("\\f")
            case 0x00..<0x20, 0x7F:
                append("\\u00")
                output.append(Self.hexDigit(byte >> 4))
                output.append(Self.hexDigit(byte & 0xF))
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }
}
