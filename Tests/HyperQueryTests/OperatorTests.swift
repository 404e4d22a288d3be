import HyperJSON
@testable import HyperQuery
import Testing

/// Each operator on a small hand-made collection, checked both in SQL (over a real SQLite table)
/// and in the Swift evaluator against the ids MongoDB would return.
@Suite struct OperatorTests {
    static let docs: [JSON] = [
        ["_id": "d1", "name": "ann", "age": 30, "active": true, "tags": ["a", "b"],
         "address": ["city": "Oslo", "zip": "0150"], "scores": [80, 90],
         "items": [["product": "x", "score": 8], ["product": "y", "score": 5]]],
        ["_id": "d2", "name": "bob", "age": 25.5, "active": false, "tags": ["b"],
         "address": ["city": "Bergen"], "scores": [70], "items": [["product": "x", "score": 3]]],
        ["_id": "d3", "name": "Cleo", "age": "30", "active": 1, "tags": "a", "scores": [], "items": []],
        ["_id": "d4", "name": "dan", "age": nil, "active": "true", "tags": [], "address": ["city": nil],
         "scores": [85, [90]]],
        ["_id": "d5", "age": 40, "tags": ["c", 1], "with space": "yes", "quo'te": "x", "0": "zero"],
        ["_id": "d6"],
    ]

    static let cases: [(selector: JSON, ids: [String])] = [
        (["name": "ann"], ["d1"]),
        (["age": 30], ["d1"]),
        (["age": ["$eq": "30"]], ["d3"]),
        (["active": true], ["d1"]),
        (["active": 1], ["d3"]),
        (["active": false], ["d2"]),
        (["tags": "a"], ["d1", "d3"]),
        (["tags": ["a", "b"]], ["d1"]),
        (["age": nil], ["d4", "d6"]),
        (["age": ["$ne": nil]], ["d1", "d2", "d3", "d5"]),
        (["name": ["$ne": "ann"]], ["d2", "d3", "d4", "d5", "d6"]),
        (["age": ["$gt": 25]], ["d1", "d2", "d5"]),
        (["age": ["$gte": 30, "$lt": 40]], ["d1"]),
        (["age": ["$lte": 30]], ["d1", "d2"]),
        (["age": ["$lt": "4"]], ["d3"]),
        (["name": ["$gt": "b"]], ["d2", "d4"]),
        (["active": ["$gt": false]], ["d1"]),
        (["age": ["$gte": nil]], ["d4", "d6"]),
        (["age": ["$in": [25.5, "30"]]], ["d2", "d3"]),
        (["tags": ["$in": ["c", "zz"]]], ["d5"]),
        (["age": ["$nin": [30, nil]]], ["d2", "d3", "d5"]),
        (["address": ["$exists": false]], ["d3", "d5", "d6"]),
        (["address.city": ["$exists": true]], ["d1", "d2", "d4"]),
        (["address.city": nil], ["d3", "d4", "d5", "d6"]),
        (["age": ["$type": "string"]], ["d3"]),
        (["age": ["$type": "number"]], ["d1", "d2", "d5"]),
        (["age": ["$type": "int"]], ["d1", "d5"]),
        (["age": ["$type": "double"]], ["d2"]),
        (["age": ["$type": ["null", 2]]], ["d3", "d4"]),
        (["active": ["$type": "bool"]], ["d1", "d2"]),
        (["tags": ["$type": "array"]], ["d1", "d2", "d4", "d5"]),
        (["tags": ["$type": "number"]], ["d5"]),
        (["name": ["$regex": "^c", "$options": "i"]], ["d3"]),
        (["name": ["$regex": "n$"]], ["d1", "d4"]),
        (["tags": ["$regex": "^c"]], ["d5"]),
        (["name": ["$regex": "^da"]], ["d4"]),
        (["name": ["$regex": "^bo?b"]], ["d2"]),
        (["name": ["$regex": "^a|^b"]], ["d1", "d2"]),
        (["name": ["$regex": "^C", "$options": "s"]], ["d3"]),
        (["name": ["$not": ["$regex": "^[a-c]"]]], ["d3", "d4", "d5", "d6"]),
        (["$and": [["age": ["$gt": 20]], ["active": true]]], ["d1"]),
        (["$or": [["name": "bob"], ["tags": "c"]]], ["d2", "d5"]),
        (["$nor": [["age": ["$type": "number"]], ["name": "dan"]]], ["d3", "d6"]),
        (["age": ["$not": ["$gt": 26]]], ["d2", "d3", "d4", "d6"]),
        (["tags": ["$all": ["a", "b"]]], ["d1"]),
        (["tags": ["$all": ["a"]]], ["d1", "d3"]),
        (["tags": ["$all": []]], []),
        (["scores": ["$elemMatch": ["$gte": 80, "$lt": 85]]], ["d1"]),
        (["items": ["$elemMatch": ["product": "x", "score": ["$gt": 5]]]], ["d1"]),
        (["items": ["$elemMatch": ["$or": [["score": 3], ["score": 5]]]]], ["d1", "d2"]),
        (["scores": ["$size": 2]], ["d1", "d4"]),
        (["scores": ["$size": 0]], ["d3"]),
        (["age": ["$mod": [10, 0]]], ["d1", "d5"]),
        (["age": ["$mod": [4, 1]]], ["d2"]),
        (["scores.1": 90], ["d1", "d4"]),
        (["scores.0": ["$lt": 80]], ["d2"]),
        (["items.0.product": "x"], ["d1", "d2"]),
        (["0": "zero"], ["d5"]),
        (["with space": "yes"], ["d5"]),
        (["quo'te": "x"], ["d5"]),
        (["scores": 90], ["d1"]),
        (["scores": [90]], ["d4"]),
        (["address": ["city": "Bergen"]], ["d2"]),
        ([:], ["d1", "d2", "d3", "d4", "d5", "d6"]),
    ]

    @Test(arguments: 0..<cases.count)
    func operatorMatchesInSQLAndSwift(index: Int) throws {
        let (selector, ids) = Self.cases[index]
        let query = try query(selector)
        #expect(Self.docs.filter(query.matches).map(id) == ids, "evaluator: \(selector.compact)")
        let table = try DocumentTable(Self.docs)
        #expect(try table.run(query).map(id) == ids, "SQL: \(selector.compact)")
        let sql = query.sql(documentColumn: "doc")
        if !sql.needsResidualFilter {
            #expect(try table.sqlRows(sql).map(id) == ids, "SQL alone: \(selector.compact)")
        }
    }

    @Test func scalarComparisonsNeedNoResidualFilter() throws {
        for selector: JSON in [["age": 30], ["name": ["$gt": "b"]], ["active": true], ["tags": ["$in": ["a", 1]]],
                               ["scores": ["$elemMatch": ["$gte": 80]]], ["age": ["$type": "number"]]] {
            #expect(try !query(selector).sql(documentColumn: "doc").needsResidualFilter, "\(selector.compact)")
        }
        for selector: JSON in [["name": ["$regex": "a"]], ["tags": ["a"]], ["address": ["city": "Oslo"]]] {
            #expect(try query(selector).sql(documentColumn: "doc").needsResidualFilter, "\(selector.compact)")
        }
    }

    @Test func longInListsStayWithinSQLiteLimits() throws {
        let ids: [JSON] = (0..<3000).map { .string("d\($0)") } + (0..<3000).map { .number(JSONNumber($0)) }
        let query = try query(["_id": ["$in": .array(ids)], "age": ["$nin": .array(ids)]])
        #expect(try DocumentTable(Self.docs).run(query).map(id) == ["d2", "d3", "d4", "d6"])
    }

    @Test func anchoredRegexNarrowsToAPrefixRange() throws {
        func range(_ pattern: String, _ options: String = "") throws -> [String]? {
            try MangoRegex(pattern: pattern, options: options).prefixRange.map { [$0.0, $0.1] }
        }
        #expect(try range("^abc") == ["abc", "abd"])
        #expect(try range("^abc?d") == ["ab", "ac"])
        #expect(try range("^ab.*") == ["ab", "ac"])
        #expect(try range("^日本") == ["日本", "日札"])
        #expect(try range("^a|b") == nil)
        #expect(try range("abc") == nil)
        #expect(try range("^abc", "i") == nil)
        #expect(try range("^\\d") == nil)
    }

    @Test func keysSQLitePathsCannotHoldAreFilteredInSwift() throws {
        let docs: [JSON] = [["_id": "q", "say \"hi\"": 1], ["_id": "r", "say \"hi\"": 2]]
        let query = try query(["say \"hi\"": 1])
        let sql = query.sql(documentColumn: "doc")
        #expect(sql.needsResidualFilter)
        #expect(try DocumentTable(docs).run(query).map(id) == ["q"])
    }
}
