/// A `$regex` with its `$options`, compiled once when the query is parsed and run by nano's
/// own linear-time engine (Regex/): Swift's Regex backtracks, so `(a+)+$` took minutes and
/// deeply nested patterns overflowed the stack. Patterns are refused with a 400 naming the
/// reason when they use what only backtracking can do (backreferences, lookaround, atomic
/// groups, recursion) or pass one of `MangoLimits`; malformed ones with a 422.
///
/// Matching is on Unicode scalars with the meaning Swift's Regex gave them (nano's engine
/// before), so answers did not change: `\d \w \s`, `.` and `^ $` under `m` as `ScalarSet`
/// describes; `$` without `m` only at the very end. `\b` follows PCRE at the text's ends.
struct MangoRegex: Sendable {
    let pattern: String
    let options: String
    private let program: RegexProgram

    init(pattern: String, options: String) throws(MangoError) {
        guard options.allSatisfy({ "imsx".contains($0) }) else {
            throw .selector("$options '\(options)' may only contain the flags i, m, s and x.")
        }
        var flags = RegexFlags()
        for letter in options.unicodeScalars { _ = flags.set(letter, true) }
        do {
            program = try RegexProgram(pattern: pattern, flags: flags)
        } catch {
            switch error.kind {
            case .syntax: throw .selector("invalid $regex '\(pattern)': \(error.message).")
            case .unsupported, .limit: throw .limit("selector", error.message)
            }
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

    /// Whether the pattern matches anywhere in `text`; throws when `deadline` stops it first.
    func matches(_ text: String, deadline: QueryDeadline?) throws(QueryInterrupted) -> Bool {
        try program.matches(text, deadline: deadline)
    }
}
