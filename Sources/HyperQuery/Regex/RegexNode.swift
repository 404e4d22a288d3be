/// A parsed `$regex`: only what decides whether a string matches (no captures, no laziness).
indirect enum RegexNode: Sendable, Equatable {
    case empty
    /// One scalar; with `caseInsensitive`, any scalar with the same lowercase mapping.
    case scalar(Unicode.Scalar, caseInsensitive: Bool)
    case set(ScalarSet, caseInsensitive: Bool)
    /// `.`: any scalar, line terminators only with the `s` flag.
    case any(matchesLineTerminators: Bool)
    case assertion(RegexAssertion)
    case concatenation([RegexNode])
    case alternation([RegexNode])
    /// `max == nil` repeats without bound.
    case repetition(RegexNode, min: Int, max: Int?)
}

/// Zero-width conditions on the scalars around a position.
enum RegexAssertion: Sendable, Equatable {
    /// `\A`, and `^` without the `m` flag.
    case startOfText
    /// `\z`, and `$` without the `m` flag (Swift's Regex: not before a final newline).
    case endOfText
    /// `\Z`: the end, or before a line terminator that ends the text.
    case endOfTextOrFinalLineTerminator
    /// `^` with `m`: the start, or after a line terminator.
    case startOfLine
    /// `$` with `m`: the end, or before a line terminator.
    case endOfLine
    case wordBoundary
    case notWordBoundary
}

/// The flags `i m s x`, from `$options` and inline `(?i)` groups.
struct RegexFlags: Sendable, Equatable {
    var caseInsensitive = false
    var multiline = false
    var dotMatchesLineTerminators = false
    var extended = false

    /// Sets (`on`) or clears one flag letter; false for a letter that is no flag.
    mutating func set(_ letter: Unicode.Scalar, _ on: Bool) -> Bool {
        switch letter {
        case "i": caseInsensitive = on
        case "m": multiline = on
        case "s": dotMatchesLineTerminators = on
        case "x": extended = on
        default: return false
        }
        return true
    }
}
