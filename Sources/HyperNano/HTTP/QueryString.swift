import HyperJSON

/// A request target's query string, read the same way for every request, whether Hummingbird
/// or `ReadLane` took it in: parameters split at `&`, each at its first `=`, the value
/// percent-decoded (kept as sent when it is not valid percent-encoding of UTF-8), the name as
/// sent, `+` left a `+`. Hummingbird's `URI.queryParameters` reads them so too, but parses
/// the target again on each look and hashes every name: 5,000 instructions of a 67,000
/// instruction data list by keys.
enum QueryString {
    typealias Parameter = (name: Substring, value: Substring)

    /// The query of an origin-form target (`/path?query#fragment`): what follows the first `?`,
    /// up to a `#`; nil without a `?`.
    static func query(ofTarget target: Substring) -> Substring? {
        var target = target
        let found = target.withUTF8 { bytes -> Range<Int>? in
            guard let mark = bytes.firstIndex(of: UInt8(ascii: "?")) else { return nil }
            return (mark + 1)..<(bytes[(mark + 1)...].firstIndex(of: UInt8(ascii: "#")) ?? bytes.count)
        }
        return found.map { target.slice(atByteOffsets: $0) }
    }

    /// The parameters in the order sent. `a&&b=` gives `a`, an empty name and `b`, each with
    /// an empty value; a trailing `&` adds none.
    static func parameters(_ query: Substring) -> [Parameter] {
        let text = query
        var query = query
        // Byte offsets, found in the query's bytes: the UTF-8 view's own index walk cost 1,000
        // instructions for a one-parameter query. They are the same offsets in `text`.
        return query.withUTF8 { bytes in
            var parameters: [Parameter] = []
            var start = 0
            while start < bytes.count {
                let end = bytes[start...].firstIndex(of: UInt8(ascii: "&")) ?? bytes.count
                if let equals = bytes[start..<end].firstIndex(of: UInt8(ascii: "=")) {
                    let value = text.slice(atByteOffsets: (equals + 1)..<end)
                    parameters.append((text.slice(atByteOffsets: start..<equals), value.percentDecoded.map { $0[...] } ?? value))
                } else {
                    parameters.append((text.slice(atByteOffsets: start..<end), ""))
                }
                start = end + 1
            }
            return parameters
        }
    }
}
