import HyperJSON

/// Builds FTS5 queries from what the user typed, and reads the highlights back out of snippets.
enum FullTextQuery {
    /// Snippet markers: private-use characters (U+E000, U+E001), which real documents do not use;
    /// if one ever does, only that hit's highlight shifts.
    static let openMark: Character = "\u{E000}"
    static let closeMark: Character = "\u{E001}"

    /// `"word1"* AND "word2"*`: every word must match, as a prefix, so results appear while
    /// typing. Quotes make FTS5 syntax in the user's text literal.
    ///
    /// A one-character word matches only itself: as a prefix it would merge the doclists of a
    /// large share of the vocabulary (measured ~90 ms at 100,000 documents, against a 50 ms
    /// goal), and a prefix index that makes it fast triples the index. From two characters
    /// on, prefixes stay within the goal.
    static func match(text: String) -> String? {
        let words = text.split(whereSeparator: { $0.isWhitespace }).map(String.init)
            .filter { $0.contains(where: { $0.isLetter || $0.isNumber }) }
        guard !words.isEmpty else { return nil }
        return words.map { word in
            let phrase = "\"" + word.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            return word.filter { $0.isLetter || $0.isNumber }.count >= 2 ? phrase + "*" : phrase
        }.joined(separator: " AND ")
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
