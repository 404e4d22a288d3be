/// Percent-encoding with the exact character sets of the JavaScript functions the hyper SDKs
/// and servers are built around, so ids and keys round-trip through any hyper server.
enum URLEncoding {
    /// `encodeURIComponent`: everything but `A-Z a-z 0-9 - _ . ! ~ * ' ( )` is escaped,
    /// so `/`, `?`, `#`, `%` and spaces inside an id never change the URL's structure.
    static func component(_ text: String) -> String {
        percentEncode(text, keeping: componentSafe)
    }

    /// One path segment: `component`, except that `.` and `..` are written `%2E` and `%2E%2E`.
    /// Left as they are, curl (and proxies) would resolve them as "this folder" and "the folder
    /// above": `DELETE /data/test/.` would reach `/data/test/`, the whole database.
    static func segment(_ text: String) -> String {
        text == "." || text == ".." ? String(repeating: "%2E", count: text.count) : component(text)
    }

    /// `URLSearchParams`' character set (keeps `A-Z a-z 0-9 * - . _`, as the JS SDK sends query
    /// strings), except that a space is `%20` rather than `+`: every server decodes `%20`, while
    /// a `+` stays a plus on servers that only percent-decode (Hummingbird's query parser).
    static func formValue(_ text: String) -> String {
        percentEncode(text, keeping: formSafe)
    }

    /// `name=value&...` for query pairs, in the given order.
    static func query(_ pairs: [(String, String)]) -> String {
        pairs.map { formValue($0.0) + "=" + formValue($0.1) }.joined(separator: "&")
    }

    private static let componentSafe = Set("-_.!~*'()".utf8)
    private static let formSafe = Set("*-._".utf8)

    private static func percentEncode(_ text: String, keeping extra: Set<UInt8>) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if isAlphanumeric(byte) || extra.contains(byte) {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out.append("%")
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return out
    }

    private static let hexDigits = Array("0123456789ABCDEF")

    private static func isAlphanumeric(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
    }
}
