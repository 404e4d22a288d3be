extension JSON {
    /// Where each element of a JSON array text lies (byte ranges into `bytes`, in order), without
    /// building the values: for passing stored JSON through to an answer. nil when `bytes` is not
    /// one array (the elements themselves are only delimited, not validated: the text is
    /// trusted to be JSON, as written by this printer).
    public static func elementRanges(ofArray bytes: UnsafeRawBufferPointer) -> [Range<Int>]? {
        var scanner = ElementScanner(bytes: bytes)
        scanner.skipSpace()
        guard scanner.take(UInt8(ascii: "[")) else { return nil }
        var ranges: [Range<Int>] = []
        scanner.skipSpace()
        if scanner.take(UInt8(ascii: "]")) {
            scanner.skipSpace()
            return scanner.atEnd ? ranges : nil
        }
        while true {
            scanner.skipSpace()
            let start = scanner.position
            guard scanner.skipValue() else { return nil }
            ranges.append(start..<scanner.position)
            scanner.skipSpace()
            if scanner.take(UInt8(ascii: ",")) { continue }
            guard scanner.take(UInt8(ascii: "]")) else { return nil }
            scanner.skipSpace()
            return scanner.atEnd ? ranges : nil
        }
    }
}

private struct ElementScanner {
    let bytes: UnsafeRawBufferPointer
    var position = 0

    var atEnd: Bool { position == bytes.count }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }

    mutating func skipSpace() {
        while position < bytes.count, Self.isSpace(bytes[position]) { position += 1 }
    }

    mutating func take(_ byte: UInt8) -> Bool {
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    /// Moves past one value: a string, a nested array or object (brackets counted outside
    /// strings), or a scalar (up to the next delimiter).
    mutating func skipValue() -> Bool {
        guard position < bytes.count else { return false }
        switch bytes[position] {
        case UInt8(ascii: "\""):
            return skipString()
        case UInt8(ascii: "["), UInt8(ascii: "{"):
            var depth = 0
            while position < bytes.count {
                switch bytes[position] {
                case UInt8(ascii: "\""):
                    guard skipString() else { return false }
                    continue
                case UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1
                case UInt8(ascii: "]"), UInt8(ascii: "}"):
                    depth -= 1
                    if depth == 0 {
                        position += 1
                        return true
                    }
                default: break
                }
                position += 1
            }
            return false
        default:
            let start = position
            while position < bytes.count, bytes[position] != UInt8(ascii: ","), bytes[position] != UInt8(ascii: "]"),
                  !Self.isSpace(bytes[position]) {
                position += 1
            }
            return position > start
        }
    }

    /// Moves past a string whose opening quote is at `position`.
    private mutating func skipString() -> Bool {
        position += 1
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: "\\"): position += 2
            case UInt8(ascii: "\""):
                position += 1
                return true
            default: position += 1
            }
        }
        return false
    }
}
