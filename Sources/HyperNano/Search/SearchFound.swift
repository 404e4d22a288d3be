import GRDB
import GRDBSQLite
import HyperJSON

/// The SQLite functions of nano's search (registered on every connection of the `SQLiteReader`,
/// which runs the searches).
///
/// `nano_match(fts, terms, fields, searched, storeFields, key, rank, stored, found)`, an FTS5
/// auxiliary function, writes the match FTS5 is on as MiniSearch's result object: `{id, score,
/// terms, match, <stored fields>}`. `terms` (the query's terms, one per phrase of the MATCH
/// expression, repeats kept), `fields` (the index's fields, one per FTS5 column), `searched`
/// (the numbers of the columns searched) and `storeFields` are JSON arrays; `stored` is the
/// document's stored values, a JSON array in `storeFields` order; `found` is the
/// `FoundMatches` the object is written into, bound as a pointer of type `foundType` (SQLite's
/// pointer-passing interface). The function's own value is NULL.
///
/// `terms` and `match` are read from the phrase positions FTS5 holds for its current row;
/// `score` is `-rank` (bm25), written as nano writes a number; the stored values are copied
/// from their JSON text. A stored field whose value is null or missing is left out, one named
/// like a fixed key takes its place (JavaScript's `{id, score, terms, match, ...stored}`), and
/// a name given twice takes its last non-null value. Nothing is parsed or looked up per match,
/// and under a `limit` only the matches returned are written.
///
/// Written straight into `found`, with its score, a match costs no SQLite value (a copy into
/// SQLite's memory and one out of it per match), and `FoundMatches` orders the matches without
/// asking SQLite for the rank a second time (each look computes bm25 again) or sorting the
/// written rows in SQLite.
///
/// `nano_same_json(stored, wanted)` is a search filter's test: true when the stored value (JSON
/// text, NULL when missing) is present, not null, and the same JSON value as `wanted` (numbers
/// by value: `1` is `1.0`), as `JSON`'s `==` says.
enum SearchFound {
    static let match = "nano_match"
    static let sameJSON = "nano_same_json"
    /// The type name `nano_match`'s `found` pointer is bound under (SQLite keeps the pointer
    /// to it: it must be static).
    static let foundType: StaticString = "nano_found_matches"

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
        guard let api, let values, count == 8 else {
            sqlite3_result_error(result, "nano_match takes terms, fields, searched, storeFields, key, rank, stored and found", -1)
            return
        }
        let foundType = UnsafeRawPointer(Self.foundType.utf8Start).assumingMemoryBound(to: CChar.self)
        guard let foundPointer = sqlite3_value_pointer(values[7], foundType) else {
            sqlite3_result_error(result, "nano_match: found must be a FoundMatches pointer", -1)
            return
        }
        let found = Unmanaged<FoundMatches>.fromOpaque(foundPointer).takeUnretainedValue()
        let query: MatchWriterBox
        if let saved = api.pointee.xGetAuxdata(context, 0) {
            query = Unmanaged<MatchWriterBox>.fromOpaque(saved).takeUnretainedValue()
        } else {
            guard let writer = MatchWriter(terms: values[0], fields: values[1], searched: values[2], storeFields: values[3])
            else {
                sqlite3_result_error(result, "nano_match: terms, fields, searched and storeFields must be JSON arrays", -1)
                return
            }
            let made = MatchWriterBox(writer)
            // FTS5 owns it from here, and releases it when the query ends (or at once on failure).
            guard api.pointee.xSetAuxdata(context, Unmanaged.passRetained(made).toOpaque(), release) == SQLITE_OK else {
                sqlite3_result_error_nomem(result)
                return
            }
            query = made
        }
        let score = -sqlite3_value_double(values[5])
        let written = found.add(score: score) { text in
            query.writer.write(api, context, key: values[4], score: score, stored: values[6], into: &text)
        }
        guard written else {
            sqlite3_result_error(result, "nano_match could not read the match", -1)
            return
        }
        sqlite3_result_null(result)
    }

    private static let release: @convention(c) (UnsafeMutableRawPointer?) -> Void = { pointer in
        if let pointer { Unmanaged<MatchWriterBox>.fromOpaque(pointer).release() }
    }
}
