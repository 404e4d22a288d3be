/// The scalars a class (`[a-z\d]`, `\w`, `[[:alpha:]]`) stands for.
///
/// `\d`, `\w` and `\s` are Unicode-aware exactly as Swift's Regex with Unicode scalar semantics
/// defines them (nano's engine before this one, so answers did not change): `\d` any scalar
/// with a numeric type, `\w` alphabetic scalars, ASCII digits and `_`, `\s` white space.
/// POSIX classes are ASCII, as in PCRE.
struct ScalarSet: Sendable, Equatable {
    enum Member: Sendable, Equatable {
        case range(ClosedRange<UInt32>)
        case property(ScalarProperty, negated: Bool)
    }

    var members: [Member] = []
    var negated = false

    static func property(_ property: ScalarProperty, negated: Bool) -> ScalarSet {
        ScalarSet(members: [.property(property, negated: negated)])
    }

    /// Under `i` (as Swift's Regex does) a class holds a scalar when it holds the scalar itself
    /// or its lowercase or uppercase mapping, when that mapping is one scalar.
    func matches(_ scalar: Unicode.Scalar, caseInsensitive: Bool) -> Bool {
        var inside = holds(scalar)
        if !inside, caseInsensitive {
            inside = CaseFolding.variants(of: scalar).contains(where: holds)
        }
        return inside != negated
    }

    private func holds(_ scalar: Unicode.Scalar) -> Bool {
        for member in members {
            switch member {
            case .range(let range):
                if range.contains(scalar.value) { return true }
            case .property(let property, let negated):
                if property.holds(scalar) != negated { return true }
            }
        }
        return false
    }

    /// The line terminators of `.`, `^`/`$` under `m` and `\Z` (Unicode's, as Swift's Regex).
    static func isLineTerminator(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A...0x0D, 0x85, 0x2028, 0x2029: true
        default: false
        }
    }

    /// `[:name:]` inside a class: PCRE's ASCII POSIX classes.
    static func posix(_ name: String) -> [Member]? {
        let ranges: [ClosedRange<UInt32>]
        switch name {
        case "alpha": ranges = [0x41...0x5A, 0x61...0x7A]
        case "digit": ranges = [0x30...0x39]
        case "alnum": ranges = [0x30...0x39, 0x41...0x5A, 0x61...0x7A]
        case "upper": ranges = [0x41...0x5A]
        case "lower": ranges = [0x61...0x7A]
        case "space": ranges = [0x09...0x0D, 0x20...0x20]
        case "blank": ranges = [0x09...0x09, 0x20...0x20]
        case "punct": ranges = [0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E]
        case "xdigit": ranges = [0x30...0x39, 0x41...0x46, 0x61...0x66]
        case "word": ranges = [0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A]
        case "cntrl": ranges = [0x00...0x1F, 0x7F...0x7F]
        case "graph": ranges = [0x21...0x7E]
        case "print": ranges = [0x20...0x7E]
        case "ascii": ranges = [0x00...0x7F]
        default: return nil
        }
        return ranges.map(Member.range)
    }
}

/// The classes behind `\d \w \s` (and their negations `\D \W \S`), `\v` and `\h`.
enum ScalarProperty: Sendable, Equatable {
    case digit, word, whitespace, verticalSpace, horizontalSpace

    func holds(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        switch self {
        case .digit:
            if value < 0x80 { return value >= 0x30 && value <= 0x39 }
            return scalar.properties.numericType != nil
        case .word:
            if value < 0x80 { return Self.isASCIIWord(value) }
            return scalar.properties.isAlphabetic
        case .whitespace:
            if value < 0x80 { return value == 0x20 || (value >= 0x09 && value <= 0x0D) }
            return scalar.properties.isWhitespace
        case .verticalSpace:
            return ScalarSet.isLineTerminator(scalar)
        case .horizontalSpace:
            // PCRE's list: tab, space, no-break space and the Unicode space separators.
            return value == 0x09 || value == 0x20 || value == 0xA0 || value == 0x1680 || value == 0x180E
                || (value >= 0x2000 && value <= 0x200A) || value == 0x202F || value == 0x205F || value == 0x3000
        }
    }

    private static func isASCIIWord(_ value: UInt32) -> Bool {
        (value >= 0x30 && value <= 0x39) || (value >= 0x41 && value <= 0x5A) || (value >= 0x61 && value <= 0x7A)
            || value == 0x5F
    }
}

/// Case-insensitive comparison as Swift's Regex does it for Unicode scalars.
enum CaseFolding {
    /// The scalar's lowercase and uppercase mappings that are a single scalar other than itself.
    static func variants(of scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        let value = scalar.value
        if value < 0x80 {
            if value >= 0x41 && value <= 0x5A { return [Unicode.Scalar(UInt8(value + 0x20))] }
            if value >= 0x61 && value <= 0x7A { return [Unicode.Scalar(UInt8(value - 0x20))] }
            return []
        }
        var variants: [Unicode.Scalar] = []
        for mapping in [scalar.properties.lowercaseMapping, scalar.properties.uppercaseMapping] {
            var scalars = mapping.unicodeScalars.makeIterator()
            if let only = scalars.next(), scalars.next() == nil, only != scalar { variants.append(only) }
        }
        return variants
    }

    /// Literals under `i` match when their lowercase mappings are equal.
    static func lowercase(_ scalar: Unicode.Scalar) -> String {
        let value = scalar.value
        if value < 0x80 {
            let lowered = value >= 0x41 && value <= 0x5A ? value + 0x20 : value
            return String(Unicode.Scalar(UInt8(lowered)))
        }
        return scalar.properties.lowercaseMapping
    }
}
