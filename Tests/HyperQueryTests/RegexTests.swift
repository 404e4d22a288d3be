@testable import HyperQuery
import Testing

/// The `$regex` engine: the PCRE subset it reads, where it departs from Swift's Regex on
/// purpose, what it refuses (400 for what a linear engine cannot do or a limit, 422 for what is
/// not a regular expression), and hostile patterns that used to crash or stall nano.
@Suite struct RegexTests {
    private func matches(_ pattern: String, _ text: String, options: String = "") throws -> Bool {
        try MangoRegex(pattern: pattern, options: options).matches(text, deadline: nil)
    }

    private func refusal(_ pattern: String) -> MangoError? {
        do {
            _ = try MangoRegex(pattern: pattern, options: "")
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        // escapes
        ("\\t\\n\\r\\f\\a\\e", "", "\t\n\r\u{0C}\u{07}\u{1B}", true),
        ("\\0\\012\\x41\\x{263A}\\u00e9\\u{1F600}\\o{101}\\cA\\c[", "", "\0\nA☺é😀A\u{01}\u{1B}", true),
        ("\\Qa.b*\\E+", "", "a.b**", true), ("\\Qa.b*\\E", "", "axb", false), ("\\Q(", "", "(", true),
        ("a\\Eb", "", "ab", true), ("\\.\\*\\/\\ \\é", "", ".*/ é", true),
        ("a\\h\\Hb", "", "a\u{3000}xb", true), ("a\\hb", "", "a\nb", false), ("^a\\Rb$", "", "a\r\nb", true),
        ("^a\\R\\Rb$", "", "a\r\nb", true), ("^a\\Rb$", "", "a\u{2028}b", true), ("a\\N", "", "a\n", false),
        ("a\\Kb", "", "ab", true), ("\\Gb", "", "ab", false), ("\\Ga", "", "ab", true),
        // classes
        ("[]a]", "", "]", true), ("[^]a]", "", "b", true), ("[^]a]", "", "a", false),
        ("[a-]", "", "-", true), ("[-a]", "", "-", true), ("[\\]\\\\]", "", "\\", true), ("[\\b]", "", "\u{08}", true),
        ("[[:alpha:]]+$", "", "abcXYZ", true), ("[[:digit:][:space:]]", "", "x", false), ("[[:punct:]]", "", "!", true),
        ("[[a]", "", "[", true), ("[\\x00-\\x1f]", "", "\u{1F}", true), ("[\\d\\s]", "", "٣", true), ("[^\\W]", "", "é", true),
        // quantifiers
        ("^a{,2}$", "", "aa", true), ("^a{,2}$", "", "aaa", false), ("a{", "", "a{", true), ("x{1,a}", "", "x{1,a}", true),
        ("^a{2,3}?$", "", "aaa", true), ("^(ab)+?$", "", "ababab", true), ("^a{0}b", "", "b", true), ("^(a*)*$", "", "aaa", true),
        ("^(a|)+$", "", "aa", true), ("^(?:)+x", "", "x", true),
        // groups and flags
        ("(?<year>\\d{4})-(?P<m>\\d\\d)-(?'d'\\d\\d)", "", "2024-01-31", true), ("a(?#comment)b", "", "ab", true),
        ("a(?i)b|c", "", "C", true), ("(?i:a)b", "", "AB", false), ("(?i)a(?-i)b", "", "Ab", true), ("(?i)a(?-i)b", "", "AB", false),
        ("(?x) a b # c\n c", "", "abc", true), ("a b", "x", "ab", true), ("[ ]", "x", " ", true), ("(?s).", "", "\n", true),
        ("(?m)^b$", "", "a\nb\nc", true), ("^b$", "", "a\nb\nc", false), ("(?|a|b)", "", "b", true), ("(?nJU)a", "", "a", true),
        // anchors
        ("a\\Z", "", "a\n", true), ("a\\z", "", "a\n", false), ("a$", "", "a\n", false), ("\\Aa", "", "ba", false),
        ("^$", "", "", true), ("(?m)^$", "", "a\n", true),
    ] as [(String, String, String, Bool)])
    func supportedSyntax(pattern: String, options: String, text: String, expected: Bool) throws {
        #expect(try matches(pattern, text, options: options) == expected, "\(pattern.debugDescription) on \(text.debugDescription)")
    }

    /// `\b` and `\B` as PCRE (and every other engine but Swift's) define them: a boundary is
    /// between a word character (as `\w`) and anything else, a text's end counting as a non-word.
    @Test func wordBoundariesFollowPCRE() throws {
        #expect(try !matches("\\b", ""))
        #expect(try matches("\\B", ""))
        #expect(try !matches("\\b-", "-a"))
        #expect(try matches("a\\b", "a-"))
        #expect(try matches("\\*\\B\\.", "*."))
        #expect(try matches("\\bé\\b", " é "))
        #expect(try matches("1\\b", "1\u{663}"))  // U+0663 is a digit (\d) but no word character (\w)
        #expect(try matches("\\B", " \n"))
    }

    /// Where Swift's Regex answers inconsistently (see `RegexDifferentialTests`), one rule.
    @Test func unicodeClassesAndCaseFoldingAreConsistent() throws {
        #expect(try matches("\\d", "\u{663}"))
        #expect(try !matches("\\w", "\u{663}"))
        #expect(try !matches("\\A\\W", "1\u{663}"))
        #expect(try !matches("\\A\\W", "7\u{2028}"))
        #expect(try matches("^\\W{2}$", "\r\n"))
        // Literals compare by lowercase mapping; classes hold a scalar's one-scalar case mappings.
        #expect(try matches("(?i)K", "\u{212A}"))
        #expect(try matches("(?i)K+", "\u{212A}"))
        #expect(try matches("(?i)k{2}", "\u{212A}K"))
        #expect(try !matches("(?i)[K]", "\u{212A}"))
        #expect(try matches("(?i)ß", "ẞ"))
        #expect(try matches("(?i)[a-z]", "Q"))
        #expect(try !matches("(?i)[^a]", "A"))
        #expect(try matches("\\s", "\u{A0}"))
        #expect(try !matches(".", "\u{2028}"))
    }

    /// What only a backtracking engine can do is refused with a 400 naming it.
    @Test(arguments: [
        ("(a)\\1", "backreference"), ("(?<n>a)\\k<n>", "backreference"), ("(a)\\g1", "backreference"),
        ("(?P<n>a)(?P=n)", "backreference"), ("a(?=b)", "lookahead"), ("a(?!b)", "lookahead"),
        ("(?<=a)b", "lookbehind"), ("(?<!a)b", "lookbehind"), ("(?>a+)b", "atomic"), ("a*+", "possessive"),
        ("a++", "possessive"), ("a?+", "possessive"), ("a{2}+", "possessive"), ("(?R)", "recursion"),
        ("(a)(?1)", "recursion"), ("(a)(?-1)", "recursion"), ("(a)(?+1)", "recursion"), ("(?&n)", "recursion"),
        ("(?P>n)", "subroutine"), ("(?(1)a|b)", "conditional"), ("a\\X", "\\X"), ("\\C", "\\C"),
        ("(*FAIL)", "verb"), ("(?C1)a", "callout"), ("\\p{L}", "property"), ("[\\P{L}]", "property"),
        ("[[.a.]]", "collating"), ("[\\Qa\\E]", "\\Q"),
    ] as [(String, String)])
    func refusesWhatALinearEngineCannotDo(pattern: String, feature: String) {
        let error = refusal(pattern)
        #expect(error?.status == 400, "\(pattern)")
        #expect(error?.message.contains(feature) == true, "\(error?.message ?? "accepted") should name \(feature)")
        #expect(error?.message.hasPrefix("selector: $regex uses") == true)
    }

    @Test(arguments: ["(", ")", "a)", "[a", "[]", "a**", "*a", "a|*", "^*", "a{3,2}", "\\", "\\y", "[z-a]", "[\\d-z]",
                      "[a-\\w]", "(?z)", "(?", "(?#x", "(?<n", "\\x{110000}", "\\u12", "\\c", "[[:nope:]]"])
    func refusesMalformedPatternsWith422(pattern: String) {
        let error = refusal(pattern)
        #expect(error?.status == 422, "\(pattern.debugDescription): \(error?.message ?? "accepted")")
        #expect(error?.message.contains("invalid $regex") == true)
    }

    @Test func limitsPassAtTheirValueAndRefuseOnePast() throws {
        let longest = String(repeating: "a", count: MangoLimits.regexLength)
        #expect(try matches(longest, longest))
        #expect(refusal(longest + "a")?.message.contains("over the limit of \(MangoLimits.regexLength)") == true)

        let deepest = String(repeating: "(", count: MangoLimits.regexNesting) + "a"
            + String(repeating: ")", count: MangoLimits.regexNesting)
        #expect(try matches(deepest, "a"))
        let tooDeep = "(" + deepest + ")"
        #expect(refusal(tooDeep)?.status == 400)
        #expect(refusal(tooDeep)?.message.contains("deeper than \(MangoLimits.regexNesting) levels") == true)

        #expect(try matches("^a{\(MangoLimits.regexRepetition)}$", String(repeating: "a", count: MangoLimits.regexRepetition)))
        for pattern in ["a{\(MangoLimits.regexRepetition + 1)}", "a{0,\(MangoLimits.regexRepetition + 1)}",
                        "a{99999999999999999999}", "a{1,99999999999999999999}"] {
            #expect(refusal(pattern)?.message.contains("repetition count over the limit") == true, "\(pattern)")
        }

        // 9 × 1000 unrolled + 1 `match` fits in 10,000 instructions; one more copy does not.
        #expect(try matches("(?:a{1000}){9}", "b") == false)
        let tooLarge = refusal("(?:a{1000}){10}")
        #expect(tooLarge?.status == 400)
        #expect(tooLarge?.message.contains("more than \(MangoLimits.regexProgram) instructions") == true)
    }

    /// The patterns of issue 10 and their relatives: each is refused with a 400 or answers,
    /// within a deadline generous enough that only a runaway engine could pass it.
    @Test func hostilePatternsAreRefusedOrAnswered() throws {
        let refused = [
            String(repeating: "[", count: 10_000) + "a" + String(repeating: "]", count: 10_000),
            String(repeating: "(?:", count: 100_000) + "a" + String(repeating: ")", count: 100_000),
            String(repeating: "(", count: 100_000),
            String(repeating: "(", count: 300) + String(repeating: ")", count: 300),
            String(repeating: "(?:a", count: 40) + String(repeating: ")*", count: 40),
            String(repeating: "a{1000}", count: 11),
            "((a{1000}){1000}){1000}", "(.*){1,1001}", "((a|b|c|d){1000}){1000}", "x{1000000000}",
            String(repeating: "\\", count: 1001), String(repeating: "[a]", count: 334), String(repeating: "é", count: 1001),
        ]
        for pattern in refused {
            #expect(refusal(pattern)?.status == 400, "\(pattern.prefix(40))... (\(pattern.count) characters)")
        }
        let deadline = QueryDeadline(after: .seconds(60))
        let a20 = String(repeating: "a", count: 20)
        let aMany = String(repeating: "a", count: 5_000)
        let answered: [(String, String, Bool)] = [
            ("(a+)+$", a20, true), ("(a+)+$", a20 + "!", false), ("^(a+)+$", a20 + "!", false), ("^(a+)+$", aMany + "!", false),
            ("(a|a)*b", aMany, false), ("(a|aa)*c", aMany, false), ("^(a*)*$", aMany + "b", false),
            ("(.*){1,1000}", aMany, true), ("(.*){1,1000}x", String(repeating: "a", count: 2_000), false), ("(\\w+\\s?)*$", aMany + "!", true),
            ("^(\\d+)*$", String(repeating: "1", count: 2_000) + "x", false), ("(a?){1000}a{1000}", String(repeating: "a", count: 1000), true),
            (String(repeating: "[", count: 499) + "a" + String(repeating: "]", count: 499), "[" + String(repeating: "]", count: 498), true),
            (String(repeating: "(", count: 32) + ".*" + String(repeating: ")*", count: 32), aMany, true),
            ("^(([a-z])+.)+[A-Z]([a-z])+$", String(repeating: "aaaa.", count: 500) + "!", false),
        ]
        for (pattern, text, expected) in answered {
            let regex = try MangoRegex(pattern: pattern, options: "")
            #expect(try regex.matches(text, deadline: deadline) == expected, "\(pattern.prefix(60))")
        }
    }

    @Test func aPassedDeadlineStopsTheMatcher() throws {
        let regex = try MangoRegex(pattern: "(.*){1,1000}x", options: "")
        let text = String(repeating: "a", count: 10_000)
        #expect(throws: QueryInterrupted.self) { try regex.matches(text, deadline: QueryDeadline(after: .zero)) }
        let cancelled = QueryDeadline(after: .seconds(60))
        cancelled.cancel()
        #expect(throws: QueryInterrupted.self) { try regex.matches(text, deadline: cancelled) }
    }
}
