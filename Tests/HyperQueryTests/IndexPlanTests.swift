import HyperJSON
@testable import HyperQuery
import Testing

/// An index created on `MangoIndex.expression` is the one SQLite's planner picks for queries on
/// that field, including the array branch of equality and range conditions.
@Suite struct IndexPlanTests {
    static func table() throws -> DocumentTable {
        let table = try DocumentTable(Corpus.documents(count: 300, seed: 11))
        try table.createIndex("idx_rank", fields: ["rank"])
        try table.createIndex("idx_o_y", fields: [["o.y": "DESC"]])
        return table
    }

    @Test(arguments: [
        ["rank": 7], ["rank": "m"], ["rank": ["$gt": 2]], ["rank": ["$gte": "c", "$lt": "n"]],
        ["rank": ["$in": [3, "c"]]], ["rank": true], ["rank": nil], ["rank": ["$lt": 2]], ["rank": ["$gt": "m"]],
        ["rank": ["$regex": "^m"]], ["o.y": "a"], ["o.y": ["$lte": 1]],
    ] as [JSON])
    func equalityAndRangeUseTheExpressionIndex(selector: JSON) throws {
        let table = try Self.table()
        let sql = try query(selector).sql(documentColumn: "doc")
        let plan = try table.queryPlan(sql)
        #expect(plan.contains("USING INDEX idx_"), "\(selector.compact):\n\(plan)")
        #expect(!plan.contains("SCAN docs"), "\(selector.compact):\n\(plan)")
    }

    @Test func sortOnIndexedFieldAvoidsATempBTree() throws {
        let table = try Self.table()
        let sql = try query(nil, sort: ["rank"]).sql(documentColumn: "doc")
        let plan = try table.queryPlan(sql, tieBreaker: false)
        #expect(plan.contains("USING INDEX idx_rank"), "\(plan)")
        #expect(!plan.contains("TEMP B-TREE"), "\(plan)")
    }
}
