extension JSON {
    /// Where each element of a JSON array text lies (byte ranges into `bytes`, in order), without
    /// building the values: for passing stored JSON through to an answer. Written into `ranges`,
    /// emptied first and its memory kept, so that a caller going through many arrays allocates
    /// once. false when `bytes` is not one array (the elements themselves are only delimited, not
    /// validated: the text is trusted to be JSON, as written by this printer).
    public static func elementRanges(ofArray bytes: UnsafeRawBufferPointer, into ranges: inout [Range<Int>]) -> Bool {
        ranges.removeAll(keepingCapacity: true)
        var scanner = ElementScanner(bytes: bytes)
        scanner.skipSpace()
        guard scanner.take(UInt8(ascii: "[")) else { return false }
        scanner.skipSpace()
        if scanner.take(UInt8(ascii: "]")) {
            scanner.skipSpace()
            return scanner.atEnd
        }
        while true {
            scanner.skipSpace()
            let start = scanner.position
            guard scanner.skipValue() else { return false }
            ranges.append(start..<scanner.position)
            scanner.skipSpace()
            if scanner.take(UInt8(ascii: ",")) { continue }
            guard scanner.take(UInt8(ascii: "]")) else { return false }
            scanner.skipSpace()
            return scanner.atEnd
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
