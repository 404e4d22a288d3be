/// A `$regex` with its `$options`, compiled once when the query is parsed.
/// Matching uses Unicode scalar semantics, as PCRE (MongoDB's engine) does, rather than Swift's
/// default grapheme semantics.
struct MangoRegex: @unchecked Sendable {
    // Regex<AnyRegexOutput> is immutable once built; it is not declared Sendable by the
    // standard library, hence the unchecked conformance.
    let pattern: String
    let options: String
    private let regex: Regex<AnyRegexOutput>

    init(pattern: String, options: String) throws(MangoError) {
        guard options.allSatisfy({ "imsx".contains($0) }) else {
            throw .selector("$options '\(options)' may only contain the flags i, m, s and x.")
        }
        let flags = options.isEmpty ? "" : "(?\(options))"
        do {
            regex = try Regex(flags + pattern).matchingSemantics(.unicodeScalar)
        } catch {
            throw .selector("invalid $regex '\(pattern)': \(error)")
        }
        self.pattern = pattern
        self.options = options
    }

    /// Bounds [low, high) holding every string the pattern can match, when it starts with `^`
    /// and literal characters and is case-sensitive and single-line (with `m`, `^` also matches
    /// after a newline). UTF-8 byte order is code point order, so raising the last scalar of
    /// the prefix gives the first string past all strings that start with it.
    var prefixRange: (String, String)? {
        // Any `|` might start an alternative the anchor does not cover.
        guard pattern.hasPrefix("^"), !pattern.contains("|"), options.isEmpty || options == "s" else {
            return nil
        }
        var prefix: [Unicode.Scalar] = []
        var rest = pattern.unicodeScalars.dropFirst()
        while let scalar = rest.first, !Self.special.contains(scalar) {
            prefix.append(scalar)
            rest = rest.dropFirst()
        }
        // A quantifier after the literal run applies to its last character, which may then be absent.
        if let next = rest.first, "?*{".unicodeScalars.contains(next) { _ = prefix.popLast() }
        guard let last = prefix.popLast(), let raised = Unicode.Scalar(last.value + (last.value == 0xD7FF ? 0x801 : 1))
        else { return nil }
        var low = String.UnicodeScalarView()
        low.append(contentsOf: prefix)
        var high = low
        low.append(last)
        high.append(raised)
        return (String(low), String(high))
    }

    private static let special = Set("\\.^$|?*+()[]{}".unicodeScalars)

    func matches(_ text: String) -> Bool {
        (try? regex.firstMatch(in: text)) != nil
    }
}
