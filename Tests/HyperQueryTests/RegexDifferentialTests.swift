@testable import HyperQuery
import SeededRandom
import Testing

/// nano's linear-time `$regex` engine against Swift's Regex (with Unicode scalar semantics, the
/// engine it replaced) on thousands of generated patterns and strings: the same match/no-match
/// answer every time. The generator keeps to what both engines read the same way: no `[` inside
/// a class (a nested class in Swift, a literal in PCRE); no `\b` or `\B`, which Swift's Regex
/// decides with another notion of word character than its `\w` (a digit like U+0663 counts)
/// and not as PCRE at a text's ends; nothing Swift's Regex answers inconsistently (the Kelvin
/// sign is `(?i)K` but not `(?i)K+`; an ASCII scalar followed by a non-ASCII one is sometimes
/// `\W`: `\A\W` finds a match in "1\u{663}" and "7\u{2028}"; `\W` takes "\r\n" as one), so
/// patterns with `\d \w \s` and their negations meet ASCII texts without "\r" only.
/// `RegexTests` pins those cases down.
@Suite struct RegexDifferentialTests {
    @Test(arguments: [11, 12, 13, 14] as [UInt64])
    func agreesWithSwiftRegex(seed: UInt64) throws {
        var generator = PatternGenerator(random: SplitMix64(seed: seed))
        var compared = 0
        var matched = 0
        for _ in 0..<800 {
            let (pattern, options) = generator.pattern()
            let ours = try MangoRegex(pattern: pattern, options: options)
            let prefix = options.isEmpty ? "" : "(?\(options))"
            let reference = try Regex(prefix + pattern).matchingSemantics(.unicodeScalar)
            let asciiOnly = ["\\d", "\\w", "\\s", "\\D", "\\W", "\\S"].contains(where: pattern.contains)
            for _ in 0..<10 {
                let text = generator.text(asciiOnly: asciiOnly)
                let expected = try reference.firstMatch(in: text) != nil
                let actual = try ours.matches(text, deadline: nil)
                #expect(actual == expected, "\(pattern.debugDescription) options '\(options)' on \(text.debugDescription)")
                compared += 1
                if expected { matched += 1 }
            }
        }
        // The generated cases must exercise both answers, not trivially agree on one.
        #expect(compared == 8000)
        #expect(matched > 1500 && compared - matched > 1500, "\(matched) of \(compared) matched")
    }
}

/// Random patterns of the supported PCRE subset and texts over a small alphabet that makes
/// them match often: ASCII letters in both cases, a non-ASCII letter pair, digits, symbols,
/// white space and line terminators.
struct PatternGenerator {
    var random: SplitMix64
    private var extended = false
    private var names = 0

    init(random: SplitMix64) { self.random = random }

    static let textAlphabet: [Unicode.Scalar] = [
        "a", "b", "c", "A", "B", "k", "K", "é", "É", "1", "7", "_", " ", "-", ".",
        "\n", "\r", "\u{2028}", "*",
    ]

    mutating func pick<T>(_ items: [T]) -> T { items.randomElement(using: &random)! }
    mutating func below(_ bound: Int) -> Int { Int.random(in: 0..<bound, using: &random) }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    mutating func text(asciiOnly: Bool) -> String {
        let alphabet = asciiOnly ? Self.textAlphabet.filter { $0.isASCII && $0 != "\r" } : Self.textAlphabet
        var scalars = String.UnicodeScalarView()
        for _ in 0..<below(9) { scalars.append(pick(alphabet)) }
        return String(scalars)
    }

    mutating func pattern() -> (String, String) {
        var options = ""
        for flag in ["i", "m", "s", "x"] where chance(20) { options += flag }
        extended = options.contains("x")
        return (alternation(depth: 0), options)
    }

    private mutating func alternation(depth: Int) -> String {
        let count = chance(25) ? below(3) + 2 : 1
        return (0..<count).map { _ in sequence(depth: depth) }.joined(separator: "|")
    }

    private mutating func sequence(depth: Int) -> String {
        var result = ""
        for _ in 0..<(below(4) + 1) {
            result += item(depth: depth)
            if extended, chance(20) { result += " " }
        }
        return result
    }

    private mutating func item(depth: Int) -> String {
        if chance(12) { return pick(["^", "$", "\\A", "\\z", "\\Z"]) }
        return atom(depth: depth) + quantifier()
    }

    private mutating func atom(depth: Int) -> String {
        switch below(10) {
        case 0 where depth < 3:
            names += 1
            let open = pick(["(", "(?:", "(?<g\(names)>", "(?i:", "(?-i:", "(?s:", "(?m:", "(?i)(?:"])
            return open + alternation(depth: depth + 1) + ")"
        case 1: return "."
        case 2: return characterClass()
        case 3: return pick(["\\d", "\\w", "\\s", "\\D", "\\W", "\\S"])
        default: return literal()
        }
    }

    private mutating func literal() -> String {
        if chance(15) { return pick(["\\.", "\\*", "\\(", "\\)", "\\[", "\\]", "\\{", "\\}", "\\|", "\\?", "\\+", "\\-", "\\n", "\\t", "\\x41", "\\u00e9"]) }
        var letters: [String] = ["a", "b", "c", "A", "B", "k", "K", "é", "É", "1", "7", "_", "-"]
        if !extended { letters.append(" ") }
        return pick(letters)
    }

    private mutating func characterClass() -> String {
        var result = chance(30) ? "[^" : "["
        for _ in 0..<(below(3) + 1) {
            switch below(4) {
            case 0: result += pick(["a-c", "A-C", "0-9", "a-z", "à-ÿ", "\\x00-\\x1f"])
            case 1: result += pick(["\\d", "\\w", "\\s", "\\D", "\\W", "\\S"])
            case 2: result += pick(["\\]", "\\\\", "\\-", "\\n", "."])
            default: result += pick(["a", "b", "K", "é", "1", "_", "*"])
            }
        }
        return result + "]"
    }

    private mutating func quantifier() -> String {
        guard chance(35) else { return "" }
        let base = pick(["*", "+", "?", "{2}", "{0,2}", "{1,}", "{1,3}", "{0}"])
        return base + (chance(20) ? "?" : "")
    }
}
