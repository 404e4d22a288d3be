import HyperJSON
@testable import HyperQuery
import SeededRandom
import Testing

/// Thousands of generated selectors over a varied corpus: the SQL must select exactly the
/// documents the Swift evaluator matches, or a superset of them when it asks for the residual
/// filter.
@Suite struct PropertyTests {
    static let docs = Corpus.documents(count: 400, seed: 7)

    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func sqlAgreesWithEvaluator(seed: UInt64) throws {
        let table = try DocumentTable(Self.docs)
        var generator = SelectorGenerator(random: SplitMix64(seed: seed))
        var exactCount = 0
        for _ in 0..<400 {
            let selector = generator.selector()
            let query = try query(selector)
            let sql = query.sql(documentColumn: "doc")
            let expected = Self.docs.filter(query.matches).map(id)
            let selected = try table.sqlRows(sql).map(id)
            if sql.needsResidualFilter {
                #expect(Set(expected).isSubset(of: selected), "superset for \(selector.compact)\n\(sql.whereClause ?? "-")")
                #expect(try table.run(query).map(id) == expected, "\(selector.compact)")
            } else {
                exactCount += 1
                #expect(selected == expected, "\(selector.compact)\n\(sql.whereClause ?? "-")")
            }
        }
        // Most generated selectors avoid $regex and container operands: SQL must handle them alone.
        #expect(exactCount > 200)
    }

    @Test(arguments: [["rank"], [["rank": "DESC"]], [["rank": "DESC"], "_id"], ["tier", ["rank": "ASC"]]] as [JSON])
    func sqlOrderAgreesWithSwiftSort(sort: JSON) throws {
        // `rank` and `tier` hold null, numbers and strings, where SQLite's order is MongoDB's.
        let table = try DocumentTable(Self.docs)
        let query = try query(["rank": ["$exists": true]], sort: sort)
        let sql = query.sql(documentColumn: "doc")
        #expect(!sql.needsSwiftSort)
        let fromSQL = try table.sqlRows(sql)
        let keys = try SortKey.parse(sort, field: "sort")
        func sortValues(_ docs: [JSON]) -> [[JSON?]] { docs.map { doc in keys.map { $0.path.resolve(in: doc) } } }
        let expected = sortValues(query.sorted(fromSQL))
        let actual = sortValues(fromSQL)
        #expect(actual.count == expected.count)
        for (a, e) in zip(actual, expected) {
            #expect(zip(a, e).allSatisfy { MangoOrder.equal($0, $1) }, "\(sort.compact)")
        }
    }
}

func id(_ doc: JSON) -> String { doc["_id"]?.stringValue ?? "?" }
