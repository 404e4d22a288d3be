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

    func matches(_ text: String) -> Bool {
        (try? regex.firstMatch(in: text)) != nil
    }
}
