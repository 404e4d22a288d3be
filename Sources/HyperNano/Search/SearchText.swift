import Foundation
import HyperJSON

/// Text handling shared by indexing and querying, matching FTS5's
/// `unicode61 remove_diacritics 2` tokenizer: words are runs of letters and digits, compared
/// case- and diacritic-insensitively.
enum SearchText {
    /// The text of a document field as it is indexed.
    static func fieldText(_ doc: JSON, _ field: String) -> String {
        guard let value = doc[field] ?? doc.value(atPath: field) else { return "" }
        return text(value)
    }

    private static func text(_ value: JSON) -> String {
        switch value {
        case .null: ""
        case .string(let string): string
        case .array(let items): items.map(text).joined(separator: " ")
        default: value.compact
        }
    }

    /// Normalised words of a text, in order, duplicates kept.
    static func terms(_ text: String) -> [String] {
        text.split { !($0.isLetter || $0.isNumber) }.map(normalise)
    }

    /// The distinct words of `text` that are among `wanted`, in order of first appearance.
    /// Runs per search match, so ASCII words skip Foundation's folding.
    static func terms(in text: String, among wanted: Set<String>) -> [String] {
        if let ascii = asciiTerms(in: text, among: wanted) { return ascii }
        var found: [String] = []
        for word in text.split(whereSeparator: { !($0.isLetter || $0.isNumber) }) {
            let term = normalise(word)
            if wanted.contains(term), !found.contains(term) { found.append(term) }
        }
        return found
    }

    /// The same over bytes for ASCII text (most of it), nil as soon as a non-ASCII byte shows up:
    /// Character properties are the hot spot of building search answers.
    private static func asciiTerms(in text: String, among wanted: Set<String>) -> [String]? {
        var found: [String] = []
        var word: [UInt8] = []
        word.reserveCapacity(32)
        func flush() {
            guard !word.isEmpty else { return }
            let term = String(decoding: word, as: UTF8.self)
            if wanted.contains(term), !found.contains(term) { found.append(term) }
            word.removeAll(keepingCapacity: true)
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): word.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): word.append(byte | 0x20)
            case 0x80...: return nil
            default: flush()
            }
        }
        flush()
        return found
    }

    private static func normalise(_ word: Substring) -> String {
        if word.utf8.allSatisfy({ $0 < 0x80 }) { return word.lowercased() }
        return word.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }

    /// An FTS5 MATCH expression: the terms OR-ed (MiniSearch's default), each quoted so that no
    /// user text is read as FTS syntax, restricted to `columns` when given.
    static func matchExpression(terms: [String], columns: [String]?) -> String {
        let quoted = terms.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        let disjunction = quoted.joined(separator: " OR ")
        guard let columns else { return disjunction }
        return "{" + columns.joined(separator: " ") + "} : (" + disjunction + ")"
    }
}
