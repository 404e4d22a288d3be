import HyperJSON

/// A parsed Mango selector. Both the SQL translator and the Swift evaluator walk this tree, so
/// they cannot disagree about what the selector says.
indirect enum Selector: Sendable {
    case and([Selector])
    case or([Selector])
    case nor([Selector])
    /// All conditions must hold for the value at `path`.
    case field(FieldPath, [Condition])
}

enum Comparison: Sendable {
    case gt, gte, lt, lte

    func holds(_ order: Int) -> Bool {
        switch self {
        case .gt: order > 0
        case .gte: order >= 0
        case .lt: order < 0
        case .lte: order <= 0
        }
    }

    var sqlOperator: String {
        switch self {
        case .gt: ">"
        case .gte: ">="
        case .lt: "<"
        case .lte: "<="
        }
    }
}

/// A JSON type as `$type` names it; `int` and `double` split numbers by how they are written.
enum TypeName: Sendable, Hashable {
    case null, bool, number, int, double, string, object, array
}

indirect enum Condition: Sendable {
    case eq(JSON)
    case ne(JSON)
    case compare(Comparison, JSON)
    case `in`([JSON])
    case nin([JSON])
    case exists(Bool)
    case type([TypeName])
    case regex(MangoRegex)
    case not([Condition])
    case all([JSON])
    /// `$elemMatch` with operators applying to each element itself (`{$gte: 80, $lt: 85}`).
    case elemMatchValue([Condition])
    /// `$elemMatch` with a selector applying to each element as a document (`{product: "x"}`).
    case elemMatchDocument(Selector)
    case size(Int)
    case mod(divisor: Int64, remainder: Int64)
}
