import HyperJSON
@testable import HyperQuery
import Testing

/// Sort, projection, limit and skip, and the errors hyper answers for bad options.
@Suite struct OptionsTests {
    static let docs: [JSON] = [
        ["_id": "a1", "type": "album", "band": "Rush", "title": "Moving Pictures", "year": 1981,
         "meta": ["label": "Anthem", "tracks": 7], "credits": [["name": "Geddy", "role": "bass"], "x"]],
        ["_id": "a2", "type": "album", "band": "Yes", "title": "Fragile", "year": 1971],
        ["_id": "a3", "type": "album", "band": "Rush", "title": "2112", "year": 1976],
        ["_id": "b1", "type": "book", "title": "Dune", "year": 1965],
        ["_id": "a4", "type": "album", "band": "Genesis", "title": "Selling England", "year": 1973],
    ]

    func ids(_ query: MangoQuery) throws -> [String] {
        try DocumentTable(Self.docs).run(query).map(id)
    }

    @Test func sortsByStringsAndObjectsForms() throws {
        #expect(try ids(query(["type": "album"], sort: ["title"])) == ["a3", "a2", "a1", "a4"])
        #expect(try ids(query(["type": "album"], sort: [["title": "DESC"]])) == ["a4", "a1", "a2", "a3"])
        #expect(try ids(query(nil, sort: [["type": "DESC"], ["year": "ASC"]])) == ["b1", "a2", "a4", "a3", "a1"])
    }

    @Test func swiftSortFollowsMongoTypeOrder() throws {
        let docs: [JSON] = [["v": true], ["v": "s"], ["v": 2], ["v": nil], ["v": ["k": 1]], [:], ["v": [5, 1]], ["v": 1]]
        let sorted = try query(sort: ["v"]).sorted(docs).map { $0["v"] ?? "missing" }
        // An array sorts by its smallest element ascending: [5, 1] sorts as 1, stably before
        // the later `1`; descending by its largest, 5.
        #expect(sorted == [nil, "missing", [5, 1], 1, 2, "s", ["k": 1], true])
        let descending = try query(sort: [["v": "DESC"]]).sorted(docs).map { $0["v"] ?? "missing" }
        #expect(descending == [true, ["k": 1], "s", [5, 1], 2, 1, nil, "missing"])
    }

    @Test func sortWithResidualFilterIsDoneInSwift() throws {
        let query = try query(["title": ["$regex": "^[A-Z]"]], sort: [["year": "DESC"]])
        #expect(query.sql(documentColumn: "doc").needsSwiftSort)
        #expect(try ids(query) == ["a1", "a4", "a2", "b1"])
    }

    @Test func limitAndSkipAsNumbersOrNumericStrings() throws {
        #expect(try ids(query(nil, sort: ["year"], limit: 2)) == ["b1", "a2"])
        #expect(try ids(query(nil, sort: ["year"], limit: "2", skip: "1")) == ["a2", "a4"])
        #expect(try ids(query(nil, sort: ["year"], skip: 4)) == ["a1"])
        let defaults = try query(nil, limit: nil, skip: nil)
        #expect(defaults.limit == nil && defaults.skip == 0)
    }

    @Test func projectionKeepsOnlyListedFields() throws {
        let docs = try DocumentTable(Self.docs).run(query(["_id": "a1"], fields: ["_id", "band"]))
        #expect(docs == [["_id": "a1", "band": "Rush"]])
        let withoutID = try query(fields: ["year", "title"]).project(Self.docs[0])
        #expect(withoutID == ["title": "Moving Pictures", "year": 1981])  // document order, no _id
        let nested = try query(fields: ["meta.tracks", "credits.name", "missing"]).project(Self.docs[0])
        #expect(nested == ["meta": ["tracks": 7], "credits": [["name": "Geddy"]]])
        #expect(try query(fields: []).project(Self.docs[1]) == Self.docs[1])
    }

    @Test func badOptionsNameTheField() throws {
        func error(_ make: () throws -> MangoQuery) -> MangoError? {
            do { _ = try make(); return nil } catch { return error as? MangoError }
        }
        let cases: [(MangoError?, Int, String)] = [
            (error { try query(limit: "foo") }, 422, "Invalid Arguments 'limit'"),
            (error { try query(skip: true) }, 422, "Invalid Arguments 'skip'"),
            (error { try query(limit: -1) }, 422, "Invalid Arguments 'limit'"),
            (error { try query(limit: 2.5) }, 422, "Invalid Arguments 'limit'"),
            (error { try query(fields: "band") }, 422, "Invalid Arguments 'fields'"),
            (error { try query(fields: [1]) }, 422, "Invalid Arguments 'fields'"),
            (error { try query("type") }, 422, "Invalid Arguments 'selector'"),
            (error { try query(sort: 6) }, 400, "Invalid Union 'sort'"),
            (error { try query(sort: [["title": "UP"]]) }, 400, "Invalid Union 'sort'"),
            (error { try query(["a": ["$foo": 1]]) }, 422, "'$foo'"),
            (error { try query(["$where": "1"]) }, 422, "'$where'"),
            (error { try query(["a": ["$regex": "("]]) }, 422, "$regex"),
            (error { try query(["a": ["$in": 1]]) }, 422, "$in"),
            (error { try query(["a": ["$mod": [0, 1]]]) }, 422, "$mod"),
            (error { try query(["a": ["$size": -1]]) }, 422, "$size"),
            (error { try query(["a": ["$gt": 1, "b": 2]]) }, 422, "cannot mix"),
            (error { try query(["$or": []]) }, 422, "$or"),
            (error { try query(["a..b": 1]) }, 422, "'a..b'"),
        ]
        for (error, status, text) in cases {
            #expect(error?.status == status, "\(text)")
            #expect(error?.message.contains(text) == true, "\(error?.message ?? "no error") should contain \(text)")
        }
        let nulls = try? query(nil, sort: nil, fields: nil, limit: nil, skip: nil)
        #expect(nulls != nil)
        #expect(try query(.null, sort: .null, fields: .null, limit: .null, skip: .null).matches(["x": 1]))
    }

    @Test func indexFieldsInBothForms() throws {
        let fields = try MangoIndex.fields(["a", ["b.c": "DESC"]])
        #expect(fields.map(\.path) == ["a", "b.c"])
        #expect(fields.map(\.descending) == [false, true])
        #expect(throws: MangoError.self) { try MangoIndex.fields(6) }
        #expect(throws: MangoError.self) { try MangoIndex.fields([]) }
        #expect(MangoIndex.expression(forField: "b.c", documentColumn: "doc") == #"json_extract(doc, '$."b"."c"')"#)
    }
}
