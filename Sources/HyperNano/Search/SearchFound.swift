import GRDB
import GRDBSQLite
import HyperJSON

/// `nano_found(fts, what, terms, fields, searched)`, an FTS5 auxiliary function: what the match
/// FTS5 is on holds of the query, in MiniSearch's words. `what` 0 gives `terms`, the query terms
/// found in the match (`["t1","t2"]`, distinct, in query order); 1 gives `match`, for each of
/// them the searched fields it is in (`{"t1":["title"],"t2":["title","body"]}`, index order).
/// `terms` is the JSON array of the query's terms, one per phrase of the MATCH expression
/// (repeats kept), `fields` the index's field names (one per FTS5 column), `searched` the
/// numbers of the columns searched.
///
/// It reads the phrase positions FTS5 holds for its current row: nothing is looked up, re-read
/// or re-tokenized, and under a `limit` only the matches returned pay for it.
enum SearchFound {
    static let name = "nano_found"
    /// `nano_same_json(stored, wanted)`: a search filter's test. True when the stored value (JSON
    /// text, NULL when missing) is present, not null, and the same JSON value as `wanted`
    /// (numbers by value: `1` is `1.0`), as `JSON`'s `==` says.
    static let sameJSON = "nano_same_json"

    /// Makes both functions known to the connection (SQLite's functions are per connection).
    static func register(_ db: Database) throws {
        guard let api = fts5(db.sqliteConnection), let create = api.pointee.xCreateFunction else {
            throw DatabaseError(message: "SQLite's FTS5 is not available")
        }
        let status = create(api, name, nil, function, nil)
        guard status == SQLITE_OK else { throw DatabaseError(resultCode: ResultCode(rawValue: status), message: name) }
        db.add(function: DatabaseFunction(sameJSON, argumentCount: 2, pure: true) { values in
            guard let stored = String.fromDatabaseValue(values[0]), let wanted = String.fromDatabaseValue(values[1]),
                  stored != "null" else { return false }
            if stored == wanted { return true }
            guard let storedValue = try? JSON.parse(stored), let wantedValue = try? JSON.parse(wanted) else { return false }
            return storedValue == wantedValue
        })
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

    private static let function: fts5_extension_function = { api, context, result, count, values in
        guard let api, let values, count == 4 else {
            sqlite3_result_error(result, "nano_found takes what, terms, fields and searched", -1)
            return
        }
        let query: Query
        if let saved = api.pointee.xGetAuxdata(context, 0) {
            query = Unmanaged<Query>.fromOpaque(saved).takeUnretainedValue()
        } else {
            guard let made = Query(terms: values[1], fields: values[2], searched: values[3]) else {
                sqlite3_result_error(result, "nano_found: terms, fields and searched must be JSON arrays", -1)
                return
            }
            // FTS5 owns it from here, and releases it when the query ends (or at once on failure).
            guard api.pointee.xSetAuxdata(context, Unmanaged.passRetained(made).toOpaque(), release) == SQLITE_OK else {
                sqlite3_result_error_nomem(result)
                return
            }
            query = made
        }
        guard query.read(api, context) else {
            sqlite3_result_error(result, "nano_found could not read the phrase positions", -1)
            return
        }
        let text = sqlite3_value_int(values[0]) == 0 ? query.termsJSON() : query.matchJSON()
        text.withUnsafeBufferPointer {
            sqlite3_result_text(result, UnsafeRawPointer($0.baseAddress)?.assumingMemoryBound(to: CChar.self),
                                Int32($0.count), unsafeBitCast(-1, to: sqlite3_destructor_type.self))
        }
    }

    private static let release: @convention(c) (UnsafeMutableRawPointer?) -> Void = { pointer in
        if let pointer { Unmanaged<Query>.fromOpaque(pointer).release() }
    }

    /// What one query knows once (its terms and fields, JSON-quoted) and the hits of the row it
    /// is on. Used by one SQLite statement at a time, on the thread stepping it.
    private final class Query {
        /// The first phrase of each distinct term: a repeated term's phrases hold the same
        /// positions, so one is read (a query may repeat a word thousands of times).
        private let phraseOfTerm: [Int32]
        private let terms: [[UInt8]]
        private let fields: [[UInt8]]
        private let searched: [Bool]
        /// `hits[term * fields.count + column]`: the current row holds the term in that column.
        private var hits: [Bool]
        private var row: Int64?

        init?(terms termsValue: OpaquePointer?, fields fieldsValue: OpaquePointer?, searched searchedValue: OpaquePointer?) {
            guard let phraseTerms = Self.array(termsValue), let fieldNames = Self.array(fieldsValue)?.compactMap(\.stringValue),
                  let columns = Self.array(searchedValue)?.compactMap(\.intValue)
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
            self.terms = distinct.map { JSON.string($0).compactBytes }
            self.fields = fieldNames.map { JSON.string($0).compactBytes }
            searched = fieldNames.indices.map { columns.contains($0) }
            hits = Array(repeating: false, count: distinct.count * fieldNames.count)
        }

        private static func array(_ value: OpaquePointer?) -> [JSON]? {
            guard let text = sqlite3_value_text(value) else { return nil }
            return (try? JSON.parse(String(cString: text)))?.arrayValue
        }

        /// Reads which terms the current row holds in which searched columns (once per row:
        /// `terms` and `match` of one row both ask).
        func read(_ api: UnsafePointer<Fts5ExtensionApi>, _ context: OpaquePointer?) -> Bool {
            guard let rowid = api.pointee.xRowid?(context), let first = api.pointee.xPhraseFirstColumn,
                  let next = api.pointee.xPhraseNextColumn, let phraseCount = api.pointee.xPhraseCount?(context)
            else { return false }
            if row == rowid { return true }
            row = rowid
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

        func termsJSON() -> [UInt8] {
            var text: [UInt8] = [UInt8(ascii: "[")]
            for term in terms.indices where !columns(of: term).isEmpty {
                if text.count > 1 { text.append(UInt8(ascii: ",")) }
                text += terms[term]
            }
            text.append(UInt8(ascii: "]"))
            return text
        }

        func matchJSON() -> [UInt8] {
            var text: [UInt8] = [UInt8(ascii: "{")]
            for term in terms.indices {
                let found = columns(of: term)
                if found.isEmpty { continue }
                if text.count > 1 { text.append(UInt8(ascii: ",")) }
                text += terms[term]
                text += Array(":[".utf8)
                for (position, column) in found.enumerated() {
                    if position > 0 { text.append(UInt8(ascii: ",")) }
                    text += fields[column]
                }
                text.append(UInt8(ascii: "]"))
            }
            text.append(UInt8(ascii: "}"))
            return text
        }
    }
}
