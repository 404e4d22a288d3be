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
