import GRDB
import GRDBSQLite
import HyperJSON

/// The SQLite functions of nano's search (registered on every connection of the `SQLiteReader`,
/// which runs the searches).
///
/// `nano_match(fts, terms, fields, searched, storeFields, key, rank, stored)`, an FTS5
/// auxiliary function, writes the match FTS5 is on as MiniSearch's result object: `{id, score,
/// terms, match, <stored fields>}`. `terms` (the query's terms, one per phrase of the MATCH
/// expression, repeats kept), `fields` (the index's fields, one per FTS5 column), `searched`
/// (the numbers of the columns searched) and `storeFields` are JSON arrays; `stored` is the
/// document's stored values, a JSON array in `storeFields` order.
///
/// `terms` and `match` are read from the phrase positions FTS5 holds for its current row;
/// `score` is `-rank` (bm25), written as nano writes a number; the stored values are copied
/// from their JSON text. A stored field whose value is null or missing is left out, one named
/// like a fixed key takes its place (JavaScript's `{id, score, terms, match, ...stored}`), and
/// a name given twice takes its last non-null value. Nothing is parsed or looked up per match,
/// and under a `limit` only the matches returned are written.
///
/// `nano_same_json(stored, wanted)` is a search filter's test: true when the stored value (JSON
/// text, NULL when missing) is present, not null, and the same JSON value as `wanted` (numbers
/// by value: `1` is `1.0`), as `JSON`'s `==` says.
enum SearchFound {
    static let match = "nano_match"
    static let sameJSON = "nano_same_json"

    /// Makes both functions known to `connection` (SQLite's functions are per connection).
    static func register(_ connection: OpaquePointer) throws {
        guard let api = fts5(connection), let create = api.pointee.xCreateFunction else {
            throw DatabaseError(message: "SQLite's FTS5 is not available")
        }
        var status = create(api, match, nil, matchFunction, nil)
        if status == SQLITE_OK {
            status = sqlite3_create_function_v2(connection, sameJSON, 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nil,
                                                sameJSONFunction, nil, nil, nil)
        }
        guard status == SQLITE_OK else { throw DatabaseError(resultCode: ResultCode(rawValue: status), message: "nano's search functions") }
    }

    private static let sameJSONFunction: @convention(c) (OpaquePointer?, Int32, UnsafeMutablePointer<OpaquePointer?>?) -> Void = {
        result, count, values in
        guard count == 2, let values, let storedText = sqlite3_value_text(values[0]), let wantedText = sqlite3_value_text(values[1])
        else {
            sqlite3_result_int(result, 0)
            return
        }
        let stored = String(cString: storedText), wanted = String(cString: wantedText)
        var same = stored != "null" && stored == wanted
        if !same, stored != "null", let storedValue = try? JSON.parse(stored), let wantedValue = try? JSON.parse(wanted) {
            same = storedValue == wantedValue
        }
        sqlite3_result_int(result, same ? 1 : 0)
    }

    /// FTS5's API object, as its documentation says to get it: `SELECT fts5(?1)` with a pointer
    /// bound under the type name `fts5_api_ptr`.
    private static func fts5(_ connection: OpaquePointer?) -> UnsafeMutablePointer<fts5_api>? {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(connection, "SELECT fts5(?1)", -1, &statement, nil) == SQLITE_OK else {
            sqlite3_finalize(statement)
            return nil
        }
        defer { sqlite3_finalize(statement) }
        // SQLite keeps the type name's pointer: it must be static.
        let type: StaticString = "fts5_api_ptr"
        var api: UnsafeMutablePointer<fts5_api>?
        withUnsafeMutablePointer(to: &api) { pointer in
            let typeName = UnsafeRawPointer(type.utf8Start).assumingMemoryBound(to: CChar.self)
            if sqlite3_bind_pointer(statement, 1, pointer, typeName, nil) == SQLITE_OK { _ = sqlite3_step(statement) }
        }
        return api
    }

    private static let matchFunction: fts5_extension_function = { api, context, result, count, values in
        guard let api, let values, count == 7 else {
            sqlite3_result_error(result, "nano_match takes terms, fields, searched, storeFields, key, rank and stored", -1)
            return
        }
        let query: SearchQueryShape
        if let saved = api.pointee.xGetAuxdata(context, 0) {
            query = Unmanaged<SearchQueryShape>.fromOpaque(saved).takeUnretainedValue()
        } else {
            guard let made = SearchQueryShape(terms: values[0], fields: values[1], searched: values[2], storeFields: values[3])
            else {
                sqlite3_result_error(result, "nano_match: terms, fields, searched and storeFields must be JSON arrays", -1)
                return
            }
            // FTS5 owns it from here, and releases it when the query ends (or at once on failure).
            guard api.pointee.xSetAuxdata(context, Unmanaged.passRetained(made).toOpaque(), release) == SQLITE_OK else {
                sqlite3_result_error_nomem(result)
                return
            }
            query = made
        }
        guard let text = query.matchJSON(api, context, key: values[4], rank: values[5], stored: values[6]) else {
            sqlite3_result_error(result, "nano_match could not read the match", -1)
            return
        }
        text.withUnsafeBufferPointer {
            sqlite3_result_text(result, UnsafeRawPointer($0.baseAddress)?.assumingMemoryBound(to: CChar.self),
                                Int32($0.count), unsafeBitCast(-1, to: sqlite3_destructor_type.self))
        }
    }

    private static let release: @convention(c) (UnsafeMutableRawPointer?) -> Void = { pointer in
        if let pointer { Unmanaged<SearchQueryShape>.fromOpaque(pointer).release() }
    }
}

/// What `nano_match` knows of one query, prepared once (its terms and names JSON-quoted), and
/// the writing of each match. Used by one SQLite statement at a time, on the thread stepping it.
private final class SearchQueryShape {
    /// The first phrase of each distinct term: a repeated term's phrases hold the same
    /// positions, so one is read (a query may repeat a word thousands of times).
    private let phraseOfTerm: [Int32]
    private let terms: [[UInt8]]
    private let fields: [[UInt8]]
    private let searched: [Bool]
    /// Each stored field once, in `storeFields` order: `,"name":` and its positions in the
    /// stored array (last first: the last non-null one is written).
    private let stored: [(prefix: [UInt8], positions: [Int])]
    /// For `id`, `score`, `terms`, `match`: the index in `stored` of a field taking its place.
    private let replacing: [Int?]
    /// `hits[term * fields.count + column]`: the current row holds the term in that column.
    private var hits: [Bool]

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
        fields = fieldNames.map { JSON.string($0).compactBytes }
        searched = fieldNames.indices.map { columns.contains($0) }
        hits = Array(repeating: false, count: distinct.count * fieldNames.count)
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

    /// The JSON text of the current match; nil when FTS5 or the stored values cannot be read.
    func matchJSON(_ api: UnsafePointer<Fts5ExtensionApi>, _ context: OpaquePointer?,
                   key: OpaquePointer?, rank: OpaquePointer?, stored storedValue: OpaquePointer?) -> [UInt8]? {
        guard readHits(api, context), let keyText = sqlite3_value_text(key) else { return nil }
        let storedText = UnsafeRawBufferPointer(start: sqlite3_value_blob(storedValue), count: Int(sqlite3_value_bytes(storedValue)))
        guard let elements = JSON.elementRanges(ofArray: storedText) else { return nil }
        // The stored value of each field: its last non-null element, if any.
        let values = stored.map { field -> Range<Int>? in
            field.positions.lazy.compactMap { $0 < elements.count ? elements[$0] : nil }
                .first { !storedText[$0].elementsEqual("null".utf8) }
        }
        var text: [UInt8] = []
        text.reserveCapacity(256)
        func appendFixed(_ index: Int, _ write: () -> Void) {
            text += Self.fixedPrefixes[index]
            if let field = replacing[index], let value = values[field] { text += storedText[value] } else { write() }
        }
        appendFixed(0) { text += JSON.string(String(cString: keyText)).compactBytes }
        appendFixed(1) { text += JSONNumber(-sqlite3_value_double(rank)).text.utf8 }
        appendFixed(2) { appendTerms(to: &text) }
        appendFixed(3) { appendMatch(to: &text) }
        for (index, field) in stored.enumerated() where !replacing.contains(index) {
            guard let value = values[index] else { continue }
            text += field.prefix
            text += storedText[value]
        }
        text.append(UInt8(ascii: "}"))
        return text
    }

    /// Reads which terms the current row holds in which searched columns.
    private func readHits(_ api: UnsafePointer<Fts5ExtensionApi>, _ context: OpaquePointer?) -> Bool {
        guard let first = api.pointee.xPhraseFirstColumn, let next = api.pointee.xPhraseNextColumn,
              let phraseCount = api.pointee.xPhraseCount?(context)
        else { return false }
        for index in hits.indices { hits[index] = false }
        for (term, phrase) in phraseOfTerm.enumerated() where phrase < phraseCount {
            var iterator = Fts5PhraseIter()
            var column: Int32 = -1
            guard first(context, phrase, &iterator, &column) == SQLITE_OK else { return false }
            while column >= 0 {
                if Int(column) < fields.count, searched[Int(column)] { hits[term * fields.count + Int(column)] = true }
                next(context, &iterator, &column)
            }
        }
        return true
    }

    private func columns(of term: Int) -> [Int] {
        fields.indices.filter { hits[term * fields.count + $0] }
    }

    /// `["t1","t2"]`: the distinct terms found, in query order.
    private func appendTerms(to text: inout [UInt8]) {
        text.append(UInt8(ascii: "["))
        var first = true
        for term in terms.indices where !columns(of: term).isEmpty {
            if !first { text.append(UInt8(ascii: ",")) }
            first = false
            text += terms[term]
        }
        text.append(UInt8(ascii: "]"))
    }

    /// `{"t1":["title"],...}`: each term found, with the searched fields it is in.
    private func appendMatch(to text: inout [UInt8]) {
        text.append(UInt8(ascii: "{"))
        var first = true
        for term in terms.indices {
            let found = columns(of: term)
            if found.isEmpty { continue }
            if !first { text.append(UInt8(ascii: ",")) }
            first = false
            text += terms[term]
            text += Array(":[".utf8)
            for (position, column) in found.enumerated() {
                if position > 0 { text.append(UInt8(ascii: ",")) }
                text += fields[column]
            }
            text.append(UInt8(ascii: "]"))
        }
        text.append(UInt8(ascii: "}"))
    }
}
