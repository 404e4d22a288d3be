/// Parses the PCRE subset a linear-time engine can run into a `RegexNode`.
///
/// The parser never recurses: open groups live on an explicit stack, bounded by
/// `MangoLimits.regexNesting`, and the pattern's length is checked before anything else, so a
/// hostile pattern costs at most a linear scan of `MangoLimits.regexLength` scalars.
struct RegexParser {
    let scalars: [Unicode.Scalar]
    var position = 0
    /// The groups enclosing the one being parsed, innermost last.
    private var enclosing: [Group] = []
    private var group: Group

    /// A group being parsed: its finished alternatives and the sequence of the current one.
    private struct Group {
        var alternatives: [RegexNode] = []
        var sequence: [RegexNode] = []
        /// Flags in force here; `(?i)` changes them until the group closes.
        var flags: RegexFlags
        /// Whether a quantifier may follow (false at the start, after an assertion or a quantifier).
        var canRepeatLast = false
        let openedAt: Int

        var node: RegexNode {
            RegexNode.alternation(alternatives + [RegexNode.concatenation(sequence).simplified]).simplified
        }
    }

    static func parse(_ pattern: String, flags: RegexFlags) throws(RegexError) -> RegexNode {
        let length = pattern.unicodeScalars.count
        guard length <= MangoLimits.regexLength else {
            throw .limit("$regex is \(length) characters long, over the limit of \(MangoLimits.regexLength)")
        }
        var parser = RegexParser(scalars: Array(pattern.unicodeScalars), flags: flags)
        return try parser.parse()
    }

    private init(scalars: [Unicode.Scalar], flags: RegexFlags) {
        self.scalars = scalars
        group = Group(flags: flags, openedAt: 0)
    }

    var flags: RegexFlags { group.flags }

    private mutating func parse() throws(RegexError) -> RegexNode {
        while let scalar = peek() {
            if group.flags.extended, skipExtendedSpace(scalar) { continue }
            switch scalar {
            case "(": try openGroup()
            case ")": try closeGroup()
            case "|":
                position += 1
                group.alternatives.append(RegexNode.concatenation(group.sequence).simplified)
                group.sequence = []
                group.canRepeatLast = false
            case "*", "+", "?":
                position += 1
                try repeatLast(min: scalar == "+" ? 1 : 0, max: scalar == "?" ? 1 : nil, at: position - 1)
            case "{":
                if let (min, max) = try counts() {
                    try repeatLast(min: min, max: max, at: position)
                } else {
                    position += 1
                    append(.scalar("{", caseInsensitive: flags.caseInsensitive))
                }
            case "[": append(try characterClass())
            case "\\": try escape()
            case ".":
                position += 1
                append(.any(matchesLineTerminators: flags.dotMatchesLineTerminators))
            case "^":
                position += 1
                appendAssertion(flags.multiline ? .startOfLine : .startOfText)
            case "$":
                position += 1
                appendAssertion(flags.multiline ? .endOfLine : .endOfText)
            default:
                position += 1
                append(.scalar(scalar, caseInsensitive: flags.caseInsensitive))
            }
        }
        guard enclosing.isEmpty else { throw .syntax("missing ) for the group opened", at: group.openedAt) }
        return group.node
    }

    // MARK: sequence

    func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        position + offset < scalars.count ? scalars[position + offset] : nil
    }

    mutating func append(_ node: RegexNode) {
        group.sequence.append(node)
        group.canRepeatLast = true
    }

    mutating func appendAssertion(_ assertion: RegexAssertion) {
        group.sequence.append(.assertion(assertion))
        group.canRepeatLast = false
    }

    /// Under `x`, white space and `#` comments outside classes are not part of the pattern.
    private mutating func skipExtendedSpace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.properties.isPatternWhitespace {
            position += 1
            return true
        }
        guard scalar == "#" else { return false }
        while let next = peek(), next != "\n" { position += 1 }
        if position < scalars.count { position += 1 }
        return true
    }

    // MARK: quantifiers

    private mutating func repeatLast(min: Int, max: Int?, at offset: Int) throws(RegexError) {
        guard group.canRepeatLast, let last = group.sequence.popLast() else {
            throw .syntax("quantifier does not follow a repeatable item", at: offset)
        }
        guard (max ?? min) <= MangoLimits.regexRepetition else {
            throw .limit("$regex has a repetition count over the limit of \(MangoLimits.regexRepetition)")
        }
        // Lazy quantifiers match the same strings as greedy ones: only the match found differs.
        if peek() == "?" {
            position += 1
        } else if peek() == "+" {
            throw .notLinear("the possessive quantifier at offset \(position)")
        }
        group.sequence.append(.repetition(last, min: min, max: max))
        group.canRepeatLast = false
    }

    /// `{n}`, `{n,}`, `{n,m}` or `{,m}` at the position, consumed; nil (nothing consumed) when
    /// the brace starts no quantifier and is a literal, as in PCRE.
    private mutating func counts() throws(RegexError) -> (Int, Int?)? {
        let start = position
        position += 1
        let low = number()
        var high = low
        if peek() == "," {
            position += 1
            high = number()
            if low == nil, high == nil { position = start; return nil }
        }
        guard peek() == "}", low != nil || high != nil else { position = start; return nil }
        position += 1
        let min = low ?? 0
        if let high, high < min { throw .syntax("{\(min),\(high)} has its numbers out of order", at: start) }
        return (min, high)
    }

    /// Decimal digits, read without overflow: anything over the repetition limit reads as limit + 1.
    private mutating func number() -> Int? {
        var value: Int?
        while let digit = peek(), ("0"..."9").contains(digit) {
            value = min((value ?? 0) * 10 + Int(digit.value - 0x30), MangoLimits.regexRepetition + 1)
            position += 1
        }
        return value
    }

    // MARK: groups

    private mutating func openGroup() throws(RegexError) {
        let start = position
        position += 1
        var flags = group.flags
        if peek() == "*" { throw .notLinear("the backtracking verb at offset \(start)") }
        if peek() == "?" {
            position += 1
            switch try groupKind(at: start) {
            case .plain: break
            case .comment: return
            case .flags(let changed, let scoped):
                guard scoped else {
                    group.flags = changed
                    group.canRepeatLast = false
                    return
                }
                flags = changed
            }
        }
        guard enclosing.count < MangoLimits.regexNesting else {
            throw .limit("$regex nests groups deeper than \(MangoLimits.regexNesting) levels, over the limit of \(MangoLimits.regexNesting)")
        }
        enclosing.append(group)
        group = Group(flags: flags, openedAt: start)
    }

    private mutating func closeGroup() throws(RegexError) {
        guard let parent = enclosing.popLast() else { throw .syntax("unmatched )", at: position) }
        position += 1
        let node = group.node
        group = parent
        append(node)
    }

    private enum GroupKind {
        case plain
        case comment
        /// Inline flags: for the rest of the enclosing group, or `scoped` to this one `(?i:...)`.
        case flags(RegexFlags, scoped: Bool)
    }

    /// What follows `(?`: the position is after the `?`.
    private mutating func groupKind(at start: Int) throws(RegexError) -> GroupKind {
        guard let next = peek() else { throw .syntax("incomplete group", at: start) }
        position += 1
        switch next {
        case ":", "|":
            return .plain
        case "#":
            while let scalar = peek(), scalar != ")" { position += 1 }
            guard peek() == ")" else { throw .syntax("missing ) after the comment", at: start) }
            position += 1
            return .comment
        case "=", "!":
            throw .notLinear("the lookahead assertion at offset \(start)")
        case ">":
            throw .notLinear("the atomic group at offset \(start)")
        case "(":
            throw .notLinear("the conditional group at offset \(start)")
        case "<" where peek() == "=" || peek() == "!":
            throw .notLinear("the lookbehind assertion at offset \(start)")
        case "<", "'":
            try skipGroupName(closing: next == "<" ? ">" : "'", at: start)
            return .plain
        case "P":
            switch peek() {
            case "<":
                position += 1
                try skipGroupName(closing: ">", at: start)
                return .plain
            case "=": throw .notLinear("the backreference at offset \(start)")
            case ">": throw .notLinear("the subroutine call at offset \(start)")
            default: throw .syntax("unknown group (?P", at: start)
            }
        case "R", "&", "+", "0"..."9":
            throw .notLinear("the recursion at offset \(start)")
        case "-" where peek().map({ ("0"..."9").contains($0) }) == true:
            throw .notLinear("the recursion at offset \(start)")
        case "C":
            throw .unsupported("the callout at offset \(start)")
        default:
            position -= 1
            return try inlineFlags(at: start)
        }
    }

    /// `(?imsx-imsx)` or `(?imsx-imsx:` after the `(?`.
    private mutating func inlineFlags(at start: Int) throws(RegexError) -> GroupKind {
        var flags = group.flags
        var on = true
        while let letter = peek() {
            position += 1
            switch letter {
            case ")": return .flags(flags, scoped: false)
            case ":": return .flags(flags, scoped: true)
            case "-" where on: on = false
            // PCRE's n (no captures), J (duplicate names) and U (ungreedy) change no match/no-match answer.
            case "n", "J", "U": continue
            default:
                guard flags.set(letter, on) else {
                    throw .syntax("unknown group or flag '\(letter)' after (?", at: start)
                }
            }
        }
        throw .syntax("missing ) after the inline flags", at: start)
    }

    private mutating func skipGroupName(closing: Unicode.Scalar, at start: Int) throws(RegexError) {
        while let scalar = peek(), scalar != closing {
            guard scalar.properties.isAlphabetic || scalar == "_" || ("0"..."9").contains(scalar) else {
                throw .syntax("invalid group name", at: start)
            }
            position += 1
        }
        guard peek() == closing else { throw .syntax("missing \(closing) after the group name", at: start) }
        position += 1
    }
}

extension RegexNode {
    /// One alternative or one item stands for itself; no item is `.empty`.
    var simplified: RegexNode {
        switch self {
        case .alternation(let items) where items.count == 1: items[0]
        case .concatenation(let items) where items.isEmpty: .empty
        case .concatenation(let items) where items.count == 1: items[0]
        default: self
        }
    }
}
