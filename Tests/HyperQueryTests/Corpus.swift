import HyperJSON
import SeededRandom

/// Documents whose fields take values of every JSON type, including the ones that trip a naive
/// translation: booleans next to 0/1, strings that look like numbers or JSON arrays, arrays
/// mixing types, nested objects and arrays of objects, non-ASCII text and awkward keys.
enum Corpus {
    static let scalars: [JSON] = [
        .null, 0, 1, 2, 2.5, -1, 10, 1e2, "a", "b", "ab", "B", "1", "[1]", "{}", "ä", "日本", "", true, false,
    ]

    static let values: [JSON] = scalars + [
        [], [1, 2], ["a", "b"], [1, "a", true], [[1], 2], [nil], ["x": 1], ["x": 1, "y": "a"],
    ]

    static func documents(count: Int, seed: UInt64) -> [JSON] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { i in document(i, &random) }
    }

    static func document(_ i: Int, _ random: inout SplitMix64) -> JSON {
        var doc: JSONObject = ["_id": .string("doc-\(i)")]
        func maybe(_ key: String, _ value: @autoclosure () -> JSON) {
            if Int.random(in: 0..<5, using: &random) > 0 { doc[key] = value() }
        }
        maybe("n", values.randomElement(using: &random)!)
        maybe("s", scalars.randomElement(using: &random)!)
        maybe("b", [true, false, 1, 0, "true"].randomElement(using: &random)!)
        maybe("tags", .array((0..<Int.random(in: 0...3, using: &random)).map { _ in
            scalars.randomElement(using: &random)!
        }))
        maybe("o", ["x": values.randomElement(using: &random)!, "y": scalars.randomElement(using: &random)!])
        maybe("arr", .array((0..<Int.random(in: 0...3, using: &random)).map { _ in
            ["k": scalars.randomElement(using: &random)!, "v": .number(JSONNumber(Int.random(in: 0...5, using: &random)))]
        }))
        maybe("a b", scalars.randomElement(using: &random)!)
        maybe("rank", [.null, 3, 1.5, -2, 7, "m", "c", "Z", "é"].randomElement(using: &random)!)
        maybe("tier", [.null, 1, 2, "x"].randomElement(using: &random)!)
        return .object(doc)
    }
}

/// Random selectors over the corpus fields using every operator.
struct SelectorGenerator {
    var random: SplitMix64

    static let fields = ["n", "s", "b", "tags", "o", "o.x", "o.y", "arr", "arr.0", "arr.1.k", "tags.0",
                         "a b", "rank", "missing", "o.x.0"]

    mutating func pick<T>(_ items: [T]) -> T { items.randomElement(using: &random)! }
    mutating func chance(_ n: Int) -> Bool { Int.random(in: 0..<n, using: &random) == 0 }

    mutating func selector(depth: Int = 0) -> JSON {
        if depth < 2, chance(4) {
            let op = pick(["$and", "$or", "$nor"])
            let parts = (0..<Int.random(in: 1...3, using: &random)).map { _ in selector(depth: depth + 1) }
            return [op: .array(parts)]
        }
        var object = JSONObject()
        for _ in 0..<Int.random(in: 1...2, using: &random) {
            object[pick(Self.fields)] = condition(depth: depth)
        }
        return .object(object)
    }

    mutating func condition(depth: Int) -> JSON {
        let value = pick(Corpus.values)
        switch Int.random(in: 0..<19, using: &random) {
        case 0: return value
        case 1: return ["$eq": value]
        case 2: return ["$ne": value]
        case 3: return [pick(["$gt", "$gte", "$lt", "$lte"]): value]
        case 4: return ["$gt": pick(Corpus.scalars), "$lt": pick(Corpus.scalars)]
        case 5: return ["$in": .array([pick(Corpus.values), pick(Corpus.values)])]
        case 6: return ["$nin": .array([pick(Corpus.values), pick(Corpus.scalars)])]
        case 7: return ["$exists": .bool(chance(2))]
        case 8: return ["$type": pick(["null", "bool", "number", "int", "double", "string", "object", "array", ["string", "null"]])]
        case 9: return ["$regex": pick(["^a", "^ab", "^日", "b$", "ä", "^\\[", "1|日", "^[ab]"]), "$options": pick(["", "i"])]
        case 10: return ["$not": ["$in": [pick(Corpus.scalars), pick(Corpus.scalars)]]]
        case 11: return ["$not": [pick(["$gt", "$lte"]): pick(Corpus.scalars)]]
        case 12: return ["$all": .array([pick(Corpus.scalars), pick(Corpus.scalars)])]
        case 13: return ["$elemMatch": [pick(["$gte", "$lt", "$eq", "$ne"]): pick(Corpus.scalars)]]
        case 14: return ["$elemMatch": ["k": pick(Corpus.scalars)]]
        case 15: return ["$elemMatch": ["v": ["$gt": .number(JSONNumber(Int.random(in: 0...5, using: &random)))], "k": ["$exists": true]]]
        case 16: return ["$size": .number(JSONNumber(Int.random(in: 0...3, using: &random)))]
        case 17: return ["$mod": [3, .number(JSONNumber(Int.random(in: -1...2, using: &random)))]]
        default: return ["$not": ["$regex": "^a"]]
        }
    }
}
