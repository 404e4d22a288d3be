/// Backslash escapes and bracketed classes: the parts of a pattern that stand for one scalar
/// or one set of scalars.
extension RegexParser {
    /// One item of a class, or what an escape outside a class stands for.
    private enum Atom {
        case scalar(Unicode.Scalar)
        case set(ScalarSet)
    }

    /// An escape outside a class, at the backslash: appends what it stands for.
    mutating func escape() throws(RegexError) {
        let start = position
        position += 1
        guard let letter = peek() else { throw .syntax("pattern ends with a lone backslash", at: start) }
        switch letter {
        case "b": position += 1; appendAssertion(.wordBoundary)
        case "B": position += 1; appendAssertion(.notWordBoundary)
        case "A": position += 1; appendAssertion(.startOfText)
        case "z": position += 1; appendAssertion(.endOfText)
        case "Z": position += 1; appendAssertion(.endOfTextOrFinalLineTerminator)
        case "Q":
            position += 1
            while let scalar = peek(), !(scalar == "\\" && peek(1) == "E") {
                append(.scalar(scalar, caseInsensitive: flags.caseInsensitive))
                position += 1
            }
            if peek() != nil { position += 2 }
        case "E":
            position += 1  // a \E without \Q is ignored, as in PCRE
        case "1"..."9":
            throw .notLinear("the backreference \\\(letter) at offset \(start)")
        case "g", "k":
            throw .notLinear("the backreference or subroutine call \\\(letter) at offset \(start)")
        case "G":
            // Where the search starts: the text's start, for a question asked once.
            position += 1
            appendAssertion(.startOfText)
        case "K":
            position += 1  // resets where the reported match starts: no match/no-match answer changes
        case "R":
            // A line break: \r\n, or any one line terminator.
            position += 1
            append(.alternation([.concatenation([.scalar("\r", caseInsensitive: false), .scalar("\n", caseInsensitive: false)]),
                                 .set(.property(.verticalSpace, negated: false), caseInsensitive: false)]))
        case "N":
            position += 1
            append(.any(matchesLineTerminators: false))
        case "X", "C":
            throw .unsupported("\\\(letter) at offset \(start)")
        default:
            switch try atom(afterBackslashAt: start, inClass: false) {
            case .scalar(let scalar): append(.scalar(scalar, caseInsensitive: flags.caseInsensitive))
            case .set(let set): append(.set(set, caseInsensitive: flags.caseInsensitive))
            }
        }
    }

    /// A bracketed class at its `[`. Inside, `[` is a literal unless it opens a POSIX class
    /// `[:alpha:]`, and a `]` right after `[` or `[^` is a literal, as in PCRE.
    mutating func characterClass() throws(RegexError) -> RegexNode {
        let start = position
        position += 1
        var set = ScalarSet()
        if peek() == "^" {
            set.negated = true
            position += 1
        }
        var first = true
        while true {
            guard let scalar = peek() else { throw .syntax("missing ] for the class opened", at: start) }
            if scalar == "]", !first {
                position += 1
                return .set(set, caseInsensitive: flags.caseInsensitive)
            }
            first = false
            if scalar == "[", peek(1) == ":", let posix = try posixClass() {
                set.members += posix
                continue
            }
            if scalar == "[", peek(1) == "." || peek(1) == "=" {
                throw .unsupported("the POSIX collating element at offset \(position)")
            }
            let low = try classAtom()
            guard peek() == "-", let after = peek(1), after != "]" else {
                set.members += Self.members(low)
                continue
            }
            let rangeStart = position
            position += 1
            let high = try classAtom()
            guard case .scalar(let lowScalar) = low, case .scalar(let highScalar) = high else {
                throw .syntax("a class escape cannot bound a range", at: rangeStart)
            }
            guard lowScalar <= highScalar else { throw .syntax("range out of order in class", at: rangeStart) }
            set.members.append(.range(lowScalar.value...highScalar.value))
        }
    }

    private static func members(_ atom: Atom) -> [ScalarSet.Member] {
        switch atom {
        case .scalar(let scalar): [.range(scalar.value...scalar.value)]
        case .set(let set): set.members
        }
    }

    /// `[:name:]` at its `[`, consumed; nil (nothing consumed) when no `:]` closes it.
    private mutating func posixClass() throws(RegexError) -> [ScalarSet.Member]? {
        let start = position
        var name = String.UnicodeScalarView()
        var offset = 2
        while let scalar = peek(offset), scalar != ":" {
            guard scalar != "]" else { return nil }
            name.append(scalar)
            offset += 1
        }
        guard peek(offset) == ":", peek(offset + 1) == "]" else { return nil }
        position += offset + 2
        guard let members = ScalarSet.posix(String(name)) else {
            throw .syntax("unknown POSIX class [:\(String(name)):]", at: start)
        }
        return members
    }

    private mutating func classAtom() throws(RegexError) -> Atom {
        let start = position
        guard let scalar = peek() else { throw .syntax("missing ] for a class", at: start) }
        position += 1
        guard scalar == "\\" else { return .scalar(scalar) }
        guard let letter = peek() else { throw .syntax("pattern ends with a lone backslash", at: start) }
        switch letter {
        case "b":
            position += 1
            return .scalar("\u{08}")
        case "1"..."7":
            return .scalar(try octal(maximumDigits: 3, at: start))
        default:
            return try atom(afterBackslashAt: start, inClass: true)
        }
    }

    /// The escapes that mean the same in and out of a class, the position at the letter after
    /// the backslash.
    private mutating func atom(afterBackslashAt start: Int, inClass: Bool) throws(RegexError) -> Atom {
        guard let letter = peek() else { throw .syntax("pattern ends with a lone backslash", at: start) }
        position += 1
        switch letter {
        case "d": return .set(.property(.digit, negated: false))
        case "D": return .set(.property(.digit, negated: true))
        case "w": return .set(.property(.word, negated: false))
        case "W": return .set(.property(.word, negated: true))
        case "s": return .set(.property(.whitespace, negated: false))
        case "S": return .set(.property(.whitespace, negated: true))
        case "v": return .set(.property(.verticalSpace, negated: false))
        case "V": return .set(.property(.verticalSpace, negated: true))
        case "h": return .set(.property(.horizontalSpace, negated: false))
        case "H": return .set(.property(.horizontalSpace, negated: true))
        case "t": return .scalar("\t")
        case "n": return .scalar("\n")
        case "r": return .scalar("\r")
        case "f": return .scalar("\u{0C}")
        case "a": return .scalar("\u{07}")
        case "e": return .scalar("\u{1B}")
        case "0":
            position -= 1
            return .scalar(try octal(maximumDigits: 3, at: start))
        case "o":
            return .scalar(try braced(radix: 8, at: start))
        case "x":
            if peek() == "{" { return .scalar(try braced(radix: 16, at: start)) }
            return .scalar(try digits(radix: 16, maximum: 2, minimum: 0, at: start))
        case "u":
            if peek() == "{" { return .scalar(try braced(radix: 16, at: start)) }
            return .scalar(try digits(radix: 16, maximum: 4, minimum: 4, at: start))
        case "c":
            guard let control = peek(), control.isASCII, control.value >= 0x20, control.value < 0x7F else {
                throw .syntax("\\c must be followed by a printable ASCII character", at: start)
            }
            position += 1
            let upper = ("a"..."z").contains(control) ? control.value - 0x20 : control.value
            return .scalar(Unicode.Scalar(UInt8(upper ^ 0x40)))
        case "p", "P":
            throw .unsupported("the Unicode property class \\\(letter) at offset \(start)")
        case "Q" where inClass:
            throw .unsupported("\\Q...\\E inside a class at offset \(start)")
        default:
            if letter.isASCII, letter.properties.isAlphabetic || ("0"..."9").contains(letter) {
                throw .syntax("unknown escape \\\(letter)", at: start)
            }
            return .scalar(letter)  // an escaped symbol stands for itself
        }
    }

    /// `\0`, `\012`: up to `maximumDigits` octal digits at the position.
    private mutating func octal(maximumDigits: Int, at start: Int) throws(RegexError) -> Unicode.Scalar {
        try digits(radix: 8, maximum: maximumDigits, minimum: 1, at: start)
    }

    /// `{...}` of hex or octal digits after `\x`, `\u` or `\o`.
    private mutating func braced(radix: Int, at start: Int) throws(RegexError) -> Unicode.Scalar {
        guard peek() == "{" else { throw .syntax("expected { after the escape", at: start) }
        position += 1
        let scalar = try digits(radix: radix, maximum: 8, minimum: 1, at: start)
        guard peek() == "}" else { throw .syntax("missing } in the escape", at: start) }
        position += 1
        return scalar
    }

    private mutating func digits(radix: Int, maximum: Int, minimum: Int, at start: Int) throws(RegexError) -> Unicode.Scalar {
        var value: UInt32 = 0
        var count = 0
        while count < maximum, let scalar = peek(), scalar.isASCII,
              let digit = Int(String(scalar), radix: radix) {
            value = value * UInt32(radix) + UInt32(digit)
            count += 1
            position += 1
        }
        guard count >= minimum else { throw .syntax("expected \(minimum) base-\(radix) digits", at: start) }
        guard let scalar = Unicode.Scalar(value) else {
            throw .syntax("escape names no Unicode scalar", at: start)
        }
        return scalar
    }
}
