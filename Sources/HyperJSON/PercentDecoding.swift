extension Substring {
    /// The text with each `%XX` escape replaced by the byte it names, as Foundation's
    /// `removingPercentEncoding` does (no `+` for space); nil when a `%` does not start two hex
    /// digits or the bytes are not UTF-8. In the standard library alone: Foundation's goes
    /// through NSString and CoreFoundation on Linux, a million instructions for a connection
    /// string (4% of a CLI read) and a hot spot of nano's escaped paths.
    /// The one percent decoding of the project: connection strings and nano's path segments.
    /// On Substring, not StringProtocol: unspecialized generic code paid its metadata and
    /// conformance lookups at each first call (a third of a million instructions).
    public var percentDecoded: String? {
        let bytes = utf8
        guard bytes.containsByte(UInt8(ascii: "%")) else { return String(self) }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            index = bytes.index(after: index)
            guard byte == UInt8(ascii: "%") else {
                decoded.append(byte)
                continue
            }
            guard index != bytes.endIndex, let high = Self.hexValue(bytes[index]) else { return nil }
            index = bytes.index(after: index)
            guard index != bytes.endIndex, let low = Self.hexValue(bytes[index]) else { return nil }
            index = bytes.index(after: index)
            decoded.append(high << 4 | low)
        }
        return String(validating: decoded, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
