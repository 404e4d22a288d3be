import HyperJSON

/// Builds FTS5 queries from what the user typed, and reads the highlights back out of snippets.
enum FullTextQuery {
    /// Snippet markers: private-use characters (U+E000, U+E001), which real documents do not use;
    /// if one ever does, only that hit's highlight shifts.
    static let openMark: Character = "\u{E000}"
    static let closeMark: Character = "\u{E001}"

    /// The token standing for `app` in the index's `app` column: letters and digits only, so the
    /// unicode61 tokenizer keeps it whole (an FNV-1a hash of the app id).
    static func appToken(_ app: AppKey) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in app.id.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return "app" + String(hash, radix: 16)
    }

    /// `app:TOKEN AND text:"word1"* AND text:"word2"*`: every word must match, as a prefix, so
    /// results appear while typing. Quotes make FTS5 syntax in the user's text literal.
    static func match(app: AppKey, text: String) -> String? {
        let words = text.split(whereSeparator: { $0.isWhitespace }).map(String.init)
            .filter { $0.contains(where: { $0.isLetter || $0.isNumber }) }
        guard !words.isEmpty else { return nil }
        let phrases = words.map { "text:\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"*" }
        return (["app:" + appToken(app)] + phrases).joined(separator: " AND ")
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
