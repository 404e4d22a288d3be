import HyperJSON
@testable import HyperQuery
import Testing

/// Dotted paths of array indexes (issue 10.3): `0.0.0...` doubled the SQL per segment (N=20
/// took 27 s and 1.7 GB). The translation now grows by the same amount per segment, and still
/// answers as the evaluator does whether each step meets an array or an object keyed "0".
@Suite struct PathTranslationTests {
    private func whereLength(segments: Int) throws -> Int {
        let path = Array(repeating: "0", count: segments).joined(separator: ".")
        return try query([path: 1]).sql(documentColumn: "doc").whereClause?.count ?? 0
    }

    @Test func numericPathsTranslateInLinearSize() throws {
        let lengths = try (1...20).map { try whereLength(segments: $0) }
        let growth = zip(lengths.dropFirst(), lengths).map { $0 - $1 }
        // From the second index on (the first is a CASE on a literal path), each segment adds
        // the same text, give or take the digits of its alias (s9, s10): a + b·N, where each
        // segment used to double it.
        let step = growth[1]
        #expect(growth.dropFirst().allSatisfy { $0 >= step && $0 <= step + 40 }, "\(growth)")
        #expect(lengths[19] < 20 * lengths[1], "\(lengths)")
        _ = try whereLength(segments: MangoLimits.pathSegments)
    }

    @Test func numericPathsResolveArraysAndObjectsAsTheEvaluator() throws {
        let docs: [JSON] = [
            ["_id": "arrays", "a": [[1, 5]], "x": [[[1]]]],
            ["_id": "objects", "a": ["0": ["0": 1]], "x": [["0": [1]]]],
            ["_id": "mixed", "a": [["0": 1]], "x": ["0": [[1]]]],
            ["_id": "mixed2", "a": ["0": [1]]],
            ["_id": "other", "a": [[2]], "x": [[[2]]]],
            ["_id": "padded", "a": ["00": [1], "0": "z"]],
            ["_id": "scalar", "a": 7],
        ]
        let table = try DocumentTable(docs)
        let selectors: [JSON] = [
            ["a.0.0": 1], ["a.0.0": ["$gt": 0]], ["a.0.0": ["$exists": false]], ["a.00.0": 1], ["a.0.1": 5],
            ["x.0.0.0": 1], ["x.0.0": ["$elemMatch": ["$eq": 1]]], ["x": ["$elemMatch": ["0.0": 1]]],
            ["x": ["$elemMatch": ["0.0": ["$size": 1]]]], ["a.0.0.0.0.0": ["$exists": false]], ["a.0": ["$type": "array"]],
        ]
        for selector in selectors {
            let query = try query(selector)
            #expect(try table.run(query).map(id) == docs.filter(query.matches).map(id), "\(selector.compact)")
        }
        let sorted = try query(["a": ["$exists": true]], sort: [["a.0.0": "DESC"]])
        #expect(try table.run(sorted).map(id) == sorted.sorted(docs.filter(sorted.matches)).map(id))
    }

    /// Paths of 20 and 32 segments alternating arrays and objects keyed "0", alone and at the
    /// bottom of selectors nested to the limit: SQLite parses them (the path is one flat
    /// subquery) and answers as the evaluator.
    @Test func longIndexPathsRunOnSQLite() throws {
        func nest(_ depth: Int, _ leaf: JSON) -> JSON {
            var value = leaf
            for level in 0..<depth { value = level % 2 == 0 ? [value] : ["0": value] }
            return value
        }
        let docs: [JSON] = [
            ["_id": "d20", "a": nest(20, 5)], ["_id": "d32", "a": nest(32, 5)], ["_id": "d19", "a": nest(19, [5])],
            ["_id": "arrays", "a": .array([.array([.array([5])])])], ["_id": "other", "a": nest(20, 6)],
        ]
        let table = try DocumentTable(docs)
        for segments in [2, 3, 20, 31] {
            let path = (["a"] + Array(repeating: "0", count: segments)).joined(separator: ".")
            var deep: JSON = .object([path: 5])
            for _ in 0..<MangoLimits.selectorNesting { deep = ["$or": [deep, ["none": 1]]] }
            for selector in [.object([path: 5]), .object([path: ["$exists": true]]), deep] as [JSON] {
                let query = try query(selector)
                #expect(try table.run(query).map(id) == docs.filter(query.matches).map(id), "\(segments)")
            }
        }
        let path = (["a"] + Array(repeating: "0", count: 20)).joined(separator: ".")
        let sorted = try query(.object([path: ["$in": [5, 6]]]), sort: [[path: "DESC"]])
        #expect(try table.run(sorted).map(id) == ["other", "d20", "d19"])
        #expect(sorted.sorted(docs.filter(sorted.matches)).map(id) == ["other", "d20", "d19"])
    }

    /// One array-index segment keeps the index-friendly CASE form; a second needs a subquery,
    /// which SQLite does not allow in an index.
    @Test func indexPathsHoldOneArrayIndexSegment() throws {
        #expect(try MangoIndex.fields(["tags.0", "a.0.b"]).count == 2)
        #expect(throws: MangoError.self) { try MangoIndex.fields(["a.0.0"]) }
        let table = try DocumentTable([["_id": "1", "tags": ["x"]]])
        try table.createIndex("by_tag", fields: ["tags.0"])
        #expect(try table.queryPlan(query(["tags.0": "x"]).sql(documentColumn: "doc")).contains("by_tag"))
    }
}
