import HyperJSON
@testable import HyperQuery
import SeededRandom
import Testing

/// Deep and wide selectors (issue 10.4): each limit passes at its value, on SQLite with its
/// default build limits, and is refused one past it with a 400 naming it, never reaching SQLite.
@Suite struct SelectorLimitTests {
    private static let docs: [JSON] = Corpus.documents(count: 60, seed: 3) + [
        ["_id": "deep", "x": 1, "a": [["x": 1, "a": [["x": 1, "a": [["x": 1]]]]]]],
        ["_id": "nested", "x": 2, "v": [[[[1, 2]]], 3]],
    ]

    private func refusal(_ make: () throws -> MangoQuery) -> MangoError? {
        do {
            _ = try make()
            return nil
        } catch {
            return error as? MangoError
        }
    }

    /// Runs the query on SQLite with default limits and checks the answer is the evaluator's.
    private func runs(_ query: MangoQuery, on docs: [JSON] = docs) throws {
        let table = try DocumentTable(docs, defaultLimits: true)
        #expect(try table.run(query).map(id) == docs.filter(query.matches).map(id))
    }

    private func nested(_ op: String, depth: Int) -> JSON {
        var selector: JSON = ["x": ["$gte": 1, "$mod": [2, 1]]]
        var condition: JSON = ["$gte": 1, "$mod": [2, 1]]
        for _ in 0..<depth {
            switch op {
            case "$not": condition = ["$not": condition]
            case "$elemMatch value": condition = ["$elemMatch": condition]
            case "$elemMatch": selector = ["a": ["$elemMatch": selector]]
            default: selector = [op: [selector, ["x": 2]]]
            }
        }
        switch op {
        case "$not": return ["x": condition]
        case "$elemMatch value": return ["v": condition]
        default: return selector
        }
    }

    @Test(arguments: ["$and", "$or", "$nor", "$not", "$elemMatch", "$elemMatch value"])
    func nestingPassesAtTheLimitAndIsRefusedPastIt(op: String) throws {
        try runs(try query(nested(op, depth: MangoLimits.selectorNesting)))
        let error = refusal { try query(nested(op, depth: MangoLimits.selectorNesting + 1)) }
        #expect(error?.status == 400)
        #expect(error?.message.contains("over the limit of \(MangoLimits.selectorNesting)") == true, "\(error?.message ?? "accepted")")
        // The issue's 50 levels.
        #expect(refusal { try query(nested(op, depth: 50)) }?.status == 400)
    }

    @Test(arguments: ["$and", "$or", "$nor"])
    func conditionsPassAtTheLimitAndAreRefusedPastIt(op: String) throws {
        func clauses(_ count: Int) -> JSON { [op: .array((0..<count).map { ["n": .number(JSONNumber($0))] })] }
        try runs(try query(clauses(MangoLimits.selectorConditions)))
        for count in [MangoLimits.selectorConditions + 1, 5_000] {
            let error = refusal { try query(clauses(count)) }
            #expect(error?.status == 400)
            #expect(error?.message == "selector: it has more than \(MangoLimits.selectorConditions) conditions, over the limit of \(MangoLimits.selectorConditions).")
        }
    }

    /// Each value of `$all` is a condition of its own (the `$all` itself is one more).
    @Test func allValuesAreConditions() throws {
        func all(_ count: Int) -> JSON { ["tags": ["$all": .array((0..<count).map { .number(JSONNumber($0)) })]] }
        try runs(try query(all(MangoLimits.selectorConditions - 1)))
        #expect(refusal { try query(all(MangoLimits.selectorConditions)) }?.status == 400)
        #expect(refusal { try query(all(5_000)) }?.status == 400)
    }

    /// The heaviest selector within the limits binds 31,996 values, within SQLite's default
    /// 32,766: 999 `$mod` conditions (4 each) and 14,000 `$nin` values (2 each).
    @Test func valuesPassAtTheLimitAndAreRefusedPastIt() throws {
        func values(_ count: Int) -> JSON { .array((0..<count).map { .number(JSONNumber($0)) }) }
        var heaviest = JSONObject(uniqueKeysWithValues: (0..<(MangoLimits.selectorConditions - 1)).map {
            ("f\($0)", ["$mod": [3, 1]] as JSON)
        })
        heaviest["n"] = ["$nin": values(MangoLimits.selectorValues)]
        let two: [JSON] = [["_id": "a", "f0": 1, "f998": 4], ["_id": "b", "f0": 2, "n": 3]]
        let query = try query(.object(heaviest))
        #expect(query.sql(documentColumn: "doc").arguments.count == 31_996)
        try runs(query, on: two)

        let past = refusal { try HyperQueryTests.query(["a": ["$in": values(10_000)], "b": ["$nin": values(4_001)]]) }
        #expect(past?.status == 400)
        #expect(past?.message == "selector: its $in and $nin lists hold more than \(MangoLimits.selectorValues) values, over the limit of \(MangoLimits.selectorValues).")
        #expect(refusal { try HyperQueryTests.query(["$or": .array((0..<5).map { _ in ["n": ["$in": values(5_000)]] })]) }?.status == 400)
    }

    @Test func sortKeysFieldsAndPathsPassAtTheLimitAndAreRefusedPastIt() throws {
        func sort(_ count: Int) -> JSON { .array((0..<count).map { .string("k\($0)") }) }
        try runs(try query(["n": ["$exists": true]], sort: sort(MangoLimits.sortKeys)))
        for count in [MangoLimits.sortKeys + 1, 10_000] {
            let error = refusal { try query(sort: sort(count)) }
            #expect(error?.status == 400)
            #expect(error?.message == "sort: \(count) keys, over the limit of \(MangoLimits.sortKeys).")
        }
        #expect(throws: MangoError.self) { try MangoIndex.fields(sort(MangoLimits.sortKeys + 1)) }

        func fields(_ count: Int) -> JSON { .array((0..<count).map { .string("f\($0)") }) }
        _ = try query(fields: fields(MangoLimits.fields))
        for count in [MangoLimits.fields + 1, 100_000] {
            #expect(refusal { try query(fields: fields(count)) }?.message == "fields: \(count) paths, over the limit of \(MangoLimits.fields).")
        }

        func path(_ count: Int) -> String { (0..<count).map { "p\($0)" }.joined(separator: ".") }
        try runs(try query([path(MangoLimits.pathSegments): 1], sort: [.string(path(MangoLimits.pathSegments))]))
        for make in [{ try query([path(MangoLimits.pathSegments + 1): 1]) }, { try query(sort: [.string(path(33))]) },
                     { try query(fields: [.string(path(33))]) }] as [() throws -> MangoQuery] {
            let error = refusal(make)
            #expect(error?.status == 400)
            #expect(error?.message.contains("33 segments, over the limit of \(MangoLimits.pathSegments)") == true)
        }
    }

    /// Random selectors nested up to the limit, wide and narrow, mixing every operator: SQLite
    /// always parses what the translator builds (it leaves to Swift what would nest too deep for
    /// SQLite's parser, see `SQLDepth`), and the answer is the evaluator's.
    @Test(arguments: [21, 22, 23] as [UInt64])
    func deepSelectorsAlwaysRunOnSQLite(seed: UInt64) throws {
        var generator = DeepSelectorGenerator(conditions: SelectorGenerator(random: SplitMix64(seed: seed)))
        let table = try DocumentTable(Self.docs, defaultLimits: true)
        for _ in 0..<60 {
            let selector = generator.selector(depth: MangoLimits.selectorNesting)
            let query = try query(selector)
            #expect(try table.run(query).map(id) == Self.docs.filter(query.matches).map(id), "\(selector.compact.prefix(300))")
        }
    }
}

/// Selectors as deep as the nesting limit allows along one branch, with wide lists around it.
/// `depth` is how many nesting levels the selector may still use; a leaf from
/// `SelectorGenerator` uses at most one.
struct DeepSelectorGenerator {
    var conditions: SelectorGenerator

    mutating func selector(depth: Int) -> JSON {
        guard depth > 1 else { return conditions.selector(depth: 2) }
        switch Int.random(in: 0..<5, using: &conditions.random) {
        case 0, 1:
            // Wide lists near the top only: a selector keeps within the conditions limit.
            let width = depth > 13 && conditions.chance(2) ? Int.random(in: 20...150, using: &conditions.random)
                : Int.random(in: 0...2, using: &conditions.random)
            let others = (0..<width).map { _ in conditions.selector(depth: 2) }
            return [conditions.pick(["$and", "$or", "$nor"]): .array(others + [selector(depth: depth - 1)])]
        case 2:
            return ["arr": ["$elemMatch": selector(depth: depth - 1)]]
        default:
            return [conditions.pick(SelectorGenerator.fields): condition(depth: depth)]
        }
    }

    /// An operator object nested `depth` deep in `$not` and value `$elemMatch`.
    private mutating func condition(depth: Int) -> JSON {
        guard depth > 0 else { return ["$gte": conditions.pick(Corpus.scalars), "$mod": [2, 1]] }
        return conditions.chance(2) ? ["$not": condition(depth: depth - 1)] : ["$elemMatch": condition(depth: depth - 1)]
    }
}
