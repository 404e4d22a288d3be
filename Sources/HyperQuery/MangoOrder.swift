import HyperJSON

/// MongoDB's ordering of values of different types, used for comparisons, equality and sort:
/// missing = null < numbers < strings < objects < arrays < booleans.
/// Within a type: numbers by value, strings by UTF-8 bytes (SQLite's BINARY collation, and
/// MongoDB's default), objects member by member in stored order, arrays element by element,
/// false < true.
enum MangoOrder {
    enum Bracket: Int, Comparable {
        case null = 0, number, string, object, array, bool
        static func < (a: Bracket, b: Bracket) -> Bool { a.rawValue < b.rawValue }
    }

    static func bracket(_ value: JSON?) -> Bracket {
        switch value {
        case nil, .null?: .null
        case .number?: .number
        case .string?: .string
        case .object?: .object
        case .array?: .array
        case .bool?: .bool
        }
    }

    /// -1, 0 or 1; a missing value orders as null.
    static func compare(_ a: JSON?, _ b: JSON?) -> Int {
        let (ba, bb) = (bracket(a), bracket(b))
        if ba != bb { return ba < bb ? -1 : 1 }
        switch (a, b) {
        case (.number(let x)?, .number(let y)?):
            return sign(x.double ?? 0, y.double ?? 0)
        case (.string(let x)?, .string(let y)?):
            return compareBytes(x, y)
        case (.bool(let x)?, .bool(let y)?):
            return x == y ? 0 : (x ? 1 : -1)
        case (.array(let x)?, .array(let y)?):
            for (l, r) in zip(x, y) {
                let order = compare(l, r)
                if order != 0 { return order }
            }
            return sign(x.count, y.count)
        case (.object(let x)?, .object(let y)?):
            for (l, r) in zip(x, y) {
                let order = compareBytes(l.key, r.key)
                if order != 0 { return order }
                let valueOrder = compare(l.value, r.value)
                if valueOrder != 0 { return valueOrder }
            }
            return sign(x.count, y.count)
        default:
            return 0  // both null or missing
        }
    }

    static func equal(_ a: JSON?, _ b: JSON?) -> Bool { compare(a, b) == 0 }

    private static func compareBytes(_ a: String, _ b: String) -> Int {
        if a.utf8.elementsEqual(b.utf8) { return 0 }
        return a.utf8.lexicographicallyPrecedes(b.utf8) ? -1 : 1
    }

    private static func sign<T: Comparable>(_ a: T, _ b: T) -> Int {
        a < b ? -1 : (a == b ? 0 : 1)
    }
}
