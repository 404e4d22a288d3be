import HyperJSON

/// Builds FTS5 queries from what the user typed, and reads the highlights back out of snippets.
enum FullTextQuery {
    /// Snippet markers: private-use characters (U+E000, U+E001), which real documents do not use;
    /// if one ever does, only that hit's highlight shifts.
    static let openMark: Character = "\u{E000}"
    static let closeMark: Character = "\u{E001}"

    /// `"word1"* AND "word2"*`: every word must match, as a prefix, so results appear while
    /// typing. Quotes make FTS5 syntax in the user's text literal.
    static func match(text: String) -> String? {
        let words = text.split(whereSeparator: { $0.isWhitespace }).map(String.init)
            .filter { $0.contains(where: { $0.isLetter || $0.isNumber }) }
        guard !words.isEmpty else { return nil }
        return words.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"*" }
            .joined(separator: " AND ")
    }

    /// Removes the snippet markers, returning the plain text and where the matches are.
    static func highlights(in marked: String) -> (String, [Range<Int>]) {
        var plain = ""
        var ranges: [Range<Int>] = []
        var start: Int?
        var count = 0
        for character in marked {
            if character == openMark {
                start = count
            } else if character == closeMark {
                if let begin = start { ranges.append(begin..<count) }
                start = nil
            } else {
                plain.append(character)
                count += 1
            }
        }
        return (plain, ranges)
    }
}
