import Glibc
import GRDBSQLite
import HyperJSON

/// What `nano_match` knows of one query, prepared once (its terms and names JSON-quoted), and
/// the writing of each match. Used by one SQLite statement at a time, on the thread stepping
/// it. A struct, so that writing a match checks exclusive access once (in `MatchWriterBox`),
/// not at each byte appended; no allocation per match but the text of a score not met before.
struct MatchWriter {
    /// The first phrase of each distinct term: a repeated term's phrases hold the same
    /// positions, so one is read (a query may repeat a word thousands of times).
    private let phraseOfTerm: [Int32]
    private let terms: [[UInt8]]
    /// `"term":`, each term as a key of `match`.
    private let termKeys: [[UInt8]]
    private let fields: [[UInt8]]
    private let searched: [Bool]
    /// Each stored field once, in `storeFields` order: `,"name":` and its positions in the
    /// stored array (last first: the last non-null one is written).
    private let stored: [(prefix: [UInt8], positions: [Int])]
    /// For `id`, `score`, `terms`, `match`: the index in `stored` of a field taking its place.
    private let replacing: [Int?]
    /// `hits[term * fields.count + column]`: the current row holds the term in that column.
    private var hits: [Bool]
    /// `termFound[term]`: the current row holds the term in a searched column.
    private var termFound: [Bool]
    /// The current match's stored value of each field of `stored` (a range of the stored text).
    private var values: [Range<Int>?]
    /// Where the current match's stored array has each element (memory kept from match to match).
    private var elements: [Range<Int>] = []
    /// The text of each score written so far, by its bits (at most `keptScores`): matches share
    /// few scores (87 different ones among the 3,370 matches of the bench's query), and each
    /// formatting made a String.
    private var scoreTexts: [UInt64: [UInt8]] = [:]
    private static let keptScores = 4096

    private static let fixedKeys = ["id", "score", "terms", "match"]
    private static let fixedPrefixes = [#"{"id":"#, #","score":"#, #","terms":"#, #","match":"#].map { Array($0.utf8) }

    init?(terms termsValue: OpaquePointer?, fields fieldsValue: OpaquePointer?, searched searchedValue: OpaquePointer?,
          storeFields storeFieldsValue: OpaquePointer?) {
        guard let phraseTerms = Self.array(termsValue), let fieldNames = Self.strings(fieldsValue),
              let columns = Self.array(searchedValue)?.compactMap(\.intValue), let storeFields = Self.strings(storeFieldsValue)
        else { return nil }
        var distinct: [String] = []
        var phraseOfTerm: [Int32] = []
        var seen: Set<String> = []
        for (phrase, value) in phraseTerms.enumerated() {
            guard let term = value.stringValue else { return nil }
            if seen.insert(term).inserted {
                distinct.append(term)
                phraseOfTerm.append(Int32(phrase))
            }
        }
        self.phraseOfTerm = phraseOfTerm
        terms = distinct.map { JSON.string($0).compactBytes }
        termKeys = terms.map { $0 + [UInt8(ascii: ":")] }
        fields = fieldNames.map { JSON.string($0).compactBytes }
        searched = fieldNames.indices.map { columns.contains($0) }
        hits = Array(repeating: false, count: distinct.count * fieldNames.count)
        termFound = Array(repeating: false, count: distinct.count)
        var names: [String] = []
        var stored: [(prefix: [UInt8], positions: [Int])] = []
        for (position, name) in storeFields.enumerated() {
            if let known = names.firstIndex(of: name) {
                stored[known].positions.insert(position, at: 0)
            } else {
                names.append(name)
                stored.append((Array(",".utf8) + JSON.string(name).compactBytes + Array(":".utf8), [position]))
            }
        }
        self.stored = stored
        values = Array(repeating: nil, count: stored.count)
        replacing = Self.fixedKeys.map { names.firstIndex(of: $0) }
    }

    private static func array(_ value: OpaquePointer?) -> [JSON]? {
        guard let text = sqlite3_value_text(value) else { return nil }
        return (try? JSON.parse(String(cString: text)))?.arrayValue
    }

    private static func strings(_ value: OpaquePointer?) -> [String]? {
        guard let items = array(value) else { return nil }
        let strings = items.compactMap(\.stringValue)
        return strings.count == items.count ? strings : nil
    }

    /// Appends the text of the match FTS5 is on (whose score is `score`) to `text`; false when
    /// FTS5 or the stored values cannot be read.
    mutating func write(_ api: UnsafePointer<Fts5ExtensionApi>, _ context: OpaquePointer?,
                        key: OpaquePointer?, score: Double, stored storedValue: OpaquePointer?, into text: inout [UInt8]) -> Bool {
        guard readHits(api, context), let keyText = sqlite3_value_text(key) else { return false }
        let storedText = UnsafeRawBufferPointer(start: sqlite3_value_blob(storedValue), count: Int(sqlite3_value_bytes(storedValue)))
        guard JSON.elementRanges(ofArray: storedText, into: &elements) else { return false }
        // The stored value of each field: its last non-null element, if any.
        for index in stored.indices {
            values[index] = nil
            for position in stored[index].positions
            where position < elements.count && !storedText[elements[position]].elementsEqual("null".utf8) {
                values[index] = elements[position]
                break
            }
        }
        if !appendReplaced(0, storedText, to: &text) { Self.appendKey(keyText, to: &text) }
        if !appendReplaced(1, storedText, to: &text) { appendScore(score, to: &text) }
        if !appendReplaced(2, storedText, to: &text) { appendTerms(to: &text) }
        if !appendReplaced(3, storedText, to: &text) { appendMatch(to: &text) }
        for index in stored.indices where !replacing.contains(index) {
            guard let value = values[index] else { continue }
            text.append(contentsOf: stored[index].prefix)
            text.append(contentsOf: storedText[value])
        }
        text.append(UInt8(ascii: "}"))
        return true
    }

    /// The score as nano writes a number (`JSONNumber`).
    private mutating func appendScore(_ score: Double, to text: inout [UInt8]) {
        if let known = scoreTexts[score.bitPattern] {
            text.append(contentsOf: known)
            return
        }
        let written = Array(JSONNumber(score).text.utf8)
        if scoreTexts.count < Self.keptScores { scoreTexts[score.bitPattern] = written }
        text.append(contentsOf: written)
    }

    /// A fixed key's prefix, then the stored field taking its place: false when none does (the
    /// key's own value is to be written).
    private func appendReplaced(_ index: Int, _ storedText: UnsafeRawBufferPointer, to text: inout [UInt8]) -> Bool {
        text.append(contentsOf: Self.fixedPrefixes[index])
        guard let field = replacing[index], let value = values[field] else { return false }
        text.append(contentsOf: storedText[value])
        return true
    }

    /// The key as a JSON string: copied between quotes when it holds only printable ASCII other
    /// than `"` and `\` (what the printer copies as it is), else written by the printer.
    private static func appendKey(_ key: UnsafePointer<UInt8>, to text: inout [UInt8]) {
        let bytes = UnsafeBufferPointer(start: key, count: Int(strlen(key)))
        if bytes.allSatisfy(isCopiedAsIs) {
            text.append(UInt8(ascii: "\""))
            text.append(contentsOf: bytes)
            text.append(UInt8(ascii: "\""))
        } else {
            text.append(contentsOf: JSON.string(String(decoding: bytes, as: UTF8.self)).compactBytes)
        }
    }

    private static func isCopiedAsIs(_ byte: UInt8) -> Bool {
        byte >= 0x20 && byte < 0x7F && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\")
    }

    /// Reads which terms the current row holds in which searched columns.
    private mutating func readHits(_ api: UnsafePointer<Fts5ExtensionApi>, _ context: OpaquePointer?) -> Bool {
        guard let first = api.pointee.xPhraseFirstColumn, let next = api.pointee.xPhraseNextColumn,
              let phraseCount = api.pointee.xPhraseCount?(context)
        else { return false }
        for index in hits.indices { hits[index] = false }
        for index in termFound.indices { termFound[index] = false }
        for (term, phrase) in phraseOfTerm.enumerated() where phrase < phraseCount {
            var iterator = Fts5PhraseIter()
            var column: Int32 = -1
            guard first(context, phrase, &iterator, &column) == SQLITE_OK else { return false }
            while column >= 0 {
                if Int(column) < fields.count, searched[Int(column)] {
                    hits[term * fields.count + Int(column)] = true
                    termFound[term] = true
                }
                next(context, &iterator, &column)
            }
        }
        return true
    }

    /// `["t1","t2"]`: the distinct terms found, in query order.
    private func appendTerms(to text: inout [UInt8]) {
        Self.appendList(terms, where: termFound, open: "[", close: "]", to: &text)
    }

    /// `{"t1":["title"],...}`: each term found, with the searched fields it is in.
    private func appendMatch(to text: inout [UInt8]) {
        // The closure names what it reads: capturing `self` would copy the whole writer.
        Self.appendList(termKeys, where: termFound, open: "{", close: "}", to: &text) { [hits, fields] term, text in
            Self.appendList(fields, where: hits[term * fields.count..<(term + 1) * fields.count], open: "[", close: "]", to: &text)
        }
    }

    /// `open`, the parts whose flag is set (each followed by what `then` appends for its
    /// index), separated by commas, `close`.
    private static func appendList(_ parts: [[UInt8]], where flags: some Collection<Bool>, open: Unicode.Scalar, close: Unicode.Scalar,
                                   to text: inout [UInt8], then: (Int, inout [UInt8]) -> Void = { _, _ in }) {
        text.append(UInt8(ascii: open))
        var first = true
        for (index, flag) in flags.enumerated() where flag {
            if !first { text.append(UInt8(ascii: ",")) }
            first = false
            text.append(contentsOf: parts[index])
            then(index, &text)
        }
        text.append(UInt8(ascii: close))
    }
}

/// A `MatchWriter` FTS5 keeps for a query (its auxiliary data holds a pointer to an object).
final class MatchWriterBox {
    var writer: MatchWriter

    init(_ writer: MatchWriter) {
        self.writer = writer
    }
}
