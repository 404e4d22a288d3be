import HyperJSON

/// A piece of SQL with the values for its placeholders, in order.
struct SQLFragment {
    var sql: String
    var arguments: [SQLValue] = []

    static let alwaysTrue = SQLFragment(sql: "1")
    static let alwaysFalse = SQLFragment(sql: "0")
}

/// What SQL can say about a (sub)selector.
enum Translation {
    /// The fragment holds exactly for the matching rows (NULL counts as false).
    case exact(SQLFragment)
    /// The fragment holds for every matching row and maybe others: filter with the evaluator.
    case superset(SQLFragment)
    /// SQL cannot narrow the rows at all.
    case unknown

    var fragment: SQLFragment? {
        switch self {
        case .exact(let f), .superset(let f): f
        case .unknown: nil
        }
    }

    var isExact: Bool { if case .exact = self { true } else { false } }

    static func and(_ parts: [Translation]) -> Translation {
        let allExact = parts.allSatisfy(\.isExact)
        let fragments = parts.compactMap(\.fragment).filter { $0.sql != SQLFragment.alwaysTrue.sql }
        if fragments.isEmpty { return allExact ? .exact(.alwaysTrue) : .unknown }
        return wrap(join(fragments, " AND "), exact: allExact)
    }

    static func or(_ parts: [Translation]) -> Translation {
        var fragments: [SQLFragment] = []
        for part in parts {
            guard let fragment = part.fragment else { return .unknown }
            if fragment.sql != SQLFragment.alwaysFalse.sql { fragments.append(fragment) }
        }
        let allExact = parts.allSatisfy(\.isExact)
        if fragments.isEmpty { return wrap(.alwaysFalse, exact: allExact) }
        return wrap(join(fragments, " OR "), exact: allExact)
    }

    /// NULL must read as false before negating, or NOT would keep it NULL (false) too.
    static func not(_ part: Translation) -> Translation {
        guard case .exact(let f) = part else { return .unknown }
        return .exact(SQLFragment(sql: "NOT coalesce(\(f.sql), 0)", arguments: f.arguments))
    }

    private static func wrap(_ fragment: SQLFragment, exact: Bool) -> Translation {
        exact ? .exact(fragment) : .superset(fragment)
    }

    /// Balanced parentheses, `((a AND b) AND (c AND d))`: SQLite parses a flat `a AND b AND c`
    /// into a chain as deep as it is long, and refuses expressions deeper than 1000.
    private static func join(_ fragments: [SQLFragment], _ separator: String) -> SQLFragment {
        if fragments.count == 1 { return fragments[0] }
        let middle = fragments.count / 2
        let left = join(Array(fragments[..<middle]), separator)
        let right = join(Array(fragments[middle...]), separator)
        return SQLFragment(sql: "(" + left.sql + separator + right.sql + ")", arguments: left.arguments + right.arguments)
    }
}

/// Where a condition looks: a field of the stored document, or an array element inside it.
struct SQLTarget {
    /// SQL for the JSON path of the value, usable with json_each and json_array_length.
    let path: String
    /// SQL for the value as json_extract gives it (true/false read as 1/0, containers as text).
    let value: String
    /// SQL for its JSON type as json_type names it; NULL when missing.
    let type: String
    /// The value is the json_extract expression an index can be built on.
    let indexable: Bool
}

/// Translates a `Selector` into SQL over a JSON text column, following `Evaluator` exactly where
/// it says `.exact`. Type guards on json_type keep MongoDB's type brackets (json_extract reads
/// true as 1, and arrays as text); they sit beside comparisons on the bare json_extract
/// expression, which is what an expression index covers.
struct SQLTranslator {
    let column: String
    private var aliasCount = 0
    /// What the SQL around the fragment being built takes of SQLite's parser stack.
    private var depth = SQLDepth.statement

    init(documentColumn: String) { column = documentColumn }

    mutating func translate(_ selector: Selector, base: String? = nil) -> Translation {
        switch selector {
        case .and(let parts):
            return nested(SQLDepth.join(parts.count)) { t in .and(parts.map { t.translate($0, base: base) }) }
        case .or(let parts):
            return nested(SQLDepth.join(parts.count)) { t in .or(parts.map { t.translate($0, base: base) }) }
        case .nor(let parts):
            return nested(SQLDepth.not + SQLDepth.join(parts.count)) { t in
                .not(.or(parts.map { t.translate($0, base: base) }))
            }
        case .field(let path, let conditions):
            guard let target = fieldTarget(path, base: base) else { return .unknown }
            let cost = SQLPath.hasSubquery(path.components) ? SQLDepth.pathSubquery : 0
            return nested(cost) { t in t.conditions(conditions, at: target) }
        }
    }

    /// `body`'s translation, or `.unknown` (left to the Swift evaluator, which is always
    /// correct) when the SQL it nests would pass `SQLDepth.budget`.
    private mutating func nested(_ cost: Int, _ body: (inout SQLTranslator) -> Translation) -> Translation {
        guard depth + cost <= SQLDepth.budget else { return .unknown }
        depth += cost
        defer { depth -= cost }
        return body(&self)
    }

    private mutating func conditions(_ list: [Condition], at target: SQLTarget) -> Translation {
        nested(SQLDepth.join(list.count)) { t in .and(list.map { t.translate($0, at: target) }) }
    }

    private func fieldTarget(_ path: FieldPath, base: String?) -> SQLTarget? {
        guard let pathSQL = SQLPath.expression(path.components, documentColumn: column, base: base) else { return nil }
        return SQLTarget(path: pathSQL, value: "json_extract(\(column), \(pathSQL))",
                         type: "json_type(\(column), \(pathSQL))", indexable: base == nil)
    }

    private mutating func translate(_ condition: Condition, at target: SQLTarget) -> Translation {
        switch condition {
        case .eq(let operand):
            return expand(target) { Self.equality(operand, $0) }
        case .ne(let operand):
            return nested(SQLDepth.not) { t in .not(t.translate(.eq(operand), at: target)) }
        case .compare(let comparison, let operand):
            if operand.isNull {
                let includesEqual = comparison == .gte || comparison == .lte
                return includesEqual ? translate(.eq(.null), at: target) : .exact(.alwaysFalse)
            }
            return expand(target) { Self.comparison(comparison, operand, $0) }
        case .in(let operands):
            return expand(target) { Self.membership(operands, $0) }
        case .nin(let operands):
            return nested(SQLDepth.not) { t in .not(t.translate(.in(operands), at: target)) }
        case .exists(let flag):
            return .exact(SQLFragment(sql: "\(target.type) IS \(flag ? "NOT " : "")NULL"))
        case .type(let names):
            return expand(target) { Self.typeTest(names, $0) }
        case .regex(let regex):
            return expand(target) { Self.regexPrefilter(regex, $0) }
        case .not(let conditions):
            return nested(SQLDepth.not) { t in .not(t.conditions(conditions, at: target)) }
        case .all(let operands):
            if operands.isEmpty { return .exact(.alwaysFalse) }
            return conditions(operands.map { .eq($0) }, at: target)
        case .elemMatchValue(let conditions):
            return elementExists(target) { translator, element in translator.conditions(conditions, at: element) }
        case .elemMatchDocument(let selector):
            return elementExists(target) { translator, element in
                translator.nested(SQLDepth.join(2)) { t in
                    .and([.exact(SQLFragment(sql: "\(element.type) = 'object'")), t.translate(selector, base: element.path)])
                }
            }
        case .size(let count):
            return .exact(SQLFragment(
                sql: "(\(target.type) = 'array' AND json_array_length(\(column), \(target.path)) = ?)",
                arguments: [.integer(Int64(count))]))
        case .mod(let divisor, let remainder):
            return expand(target) {
                .exact(SQLFragment(
                    sql: "(\($0.type) IN ('integer','real') AND \($0.value) > -9e15 AND \($0.value) < 9e15"
                        + " AND CAST(\($0.value) AS INTEGER) % ? = ?)",
                    arguments: [.integer(divisor), .integer(remainder)]))
            }
        }
    }

    /// MongoDB applies a condition to an array field itself and to each element. The element
    /// branch starts with a range on the value that only arrays' JSON text (starting with `[`)
    /// falls in, so that an index on the field serves both branches (a multi-index OR).
    private mutating func expand(_ target: SQLTarget, _ scalar: (SQLTarget) -> Translation) -> Translation {
        nested(SQLDepth.elementsOfField) { t in t.expandSQL(target, scalar) }
    }

    private mutating func expandSQL(_ target: SQLTarget, _ scalar: (SQLTarget) -> Translation) -> Translation {
        let direct = scalar(target)
        let elements = elementExists(target) { _, element in scalar(element) }
        guard target.indexable, let f = elements.fragment else { return .or([direct, elements]) }
        let prefiltered = SQLFragment(sql: "(\(target.value) >= '[' AND \(target.value) < '\\' AND \(f.sql))",
                                      arguments: f.arguments)
        return .or([direct, elements.isExact ? .exact(prefiltered) : .superset(prefiltered)])
    }

    /// The target is an array with an element for which `body` holds.
    private mutating func elementExists(
        _ target: SQLTarget, _ body: (inout SQLTranslator, SQLTarget) -> Translation
    ) -> Translation {
        nested(SQLDepth.exists) { t in t.elementExistsSQL(target, body) }
    }

    private mutating func elementExistsSQL(
        _ target: SQLTarget, _ body: (inout SQLTranslator, SQLTarget) -> Translation
    ) -> Translation {
        aliasCount += 1
        let alias = "e\(aliasCount)"
        let element = SQLTarget(path: "\(alias).fullkey", value: "\(alias).value", type: "\(alias).type",
                                indexable: false)
        let isArray = "\(target.type) = 'array'"
        let result = body(&self, element)
        guard let inner = result.fragment else {
            return .superset(SQLFragment(sql: isArray))
        }
        let fragment = SQLFragment(
            sql: "(\(isArray) AND EXISTS (SELECT 1 FROM json_each(\(column), \(target.path)) AS \(alias)"
                + " WHERE \(inner.sql)))",
            arguments: inner.arguments)
        return result.isExact ? .exact(fragment) : .superset(fragment)
    }

    private static func equality(_ operand: JSON, _ target: SQLTarget) -> Translation {
        switch operand {
        case .null:
            return .exact(SQLFragment(sql: "\(target.value) IS NULL"))
        case .number(let number):
            return .exact(SQLFragment(sql: "(\(target.value) = ? AND \(target.type) IN ('integer','real'))",
                                      arguments: [sqlValue(number)]))
        case .string(let text):
            return .exact(SQLFragment(sql: "(\(target.value) = ? AND \(target.type) = 'text')",
                                      arguments: [.text(text)]))
        case .bool(let flag):
            return .exact(SQLFragment(sql: "(\(target.value) = ? AND \(target.type) = '\(flag)')",
                                      arguments: [.integer(flag ? 1 : 0)]))
        case .object, .array:
            // SQLite's JSON text of a container need not be byte-equal to ours: compare in Swift.
            return .superset(SQLFragment(sql: "\(target.type) = '\(operand.typeName)'"))
        }
    }

    /// `$in` as one `IN (...)` list per type rather than an OR per value: the index serves it
    /// with one seek per value, and a long list stays within SQLite's expression depth limit.
    private static func membership(_ operands: [JSON], _ target: SQLTarget) -> Translation {
        var numbers: [SQLValue] = []
        var strings: [SQLValue] = []
        var others: [Translation] = []
        for operand in operands {
            switch operand {
            case .number(let number): numbers.append(sqlValue(number))
            case .string(let text): strings.append(.text(text))
            default: others.append(equality(operand, target))
            }
        }
        func list(_ values: [SQLValue], _ types: String) -> [Translation] {
            guard !values.isEmpty else { return [] }
            let placeholders = Array(repeating: "?", count: values.count).joined(separator: ",")
            return [.exact(SQLFragment(sql: "(\(target.value) IN (\(placeholders)) AND \(target.type) IN (\(types)))",
                                       arguments: values))]
        }
        return .or(list(numbers, "'integer','real'") + list(strings, "'text'") + others)
    }

    /// Numbers compare only with numbers and strings with strings. The other bound keeps an
    /// index range scan within the operand's type (SQLite orders NULL < numbers < text < blob;
    /// -9e999 is -infinity), and tells the planner the range is narrow enough to use the index.
    private static func comparison(_ comparison: Comparison, _ operand: JSON, _ target: SQLTarget) -> Translation {
        let op = comparison.sqlOperator
        let v = target.value
        let isLower = comparison == .gt || comparison == .gte
        switch operand {
        case .number(let number):
            let bound = isLower ? "\(v) < ''" : "\(v) >= -9e999"
            return .exact(SQLFragment(sql: "(\(v) \(op) ? AND \(bound) AND \(target.type) IN ('integer','real'))",
                                      arguments: [sqlValue(number)]))
        case .string(let text):
            let bound = isLower ? "\(v) < X''" : "\(v) >= ''"
            return .exact(SQLFragment(sql: "(\(v) \(op) ? AND \(bound) AND \(target.type) = 'text')",
                                      arguments: [.text(text)]))
        case .bool:
            let types = [false, true]
                .filter { comparison.holds(MangoOrder.compare(.bool($0), operand)) }
                .map { "'\($0)'" }
            if types.isEmpty { return .exact(.alwaysFalse) }
            return .exact(SQLFragment(sql: "\(target.type) IN (\(types.joined(separator: ",")))"))
        case .object, .array:
            return .superset(SQLFragment(sql: "\(target.type) = '\(operand.typeName)'"))
        case .null:
            return .exact(.alwaysFalse)  // handled by the caller; nothing is greater or less than null
        }
    }

    /// Regular expressions run in Swift; SQL keeps strings only, and for an anchored literal
    /// prefix (`^abc`) only the index range of strings starting with it.
    private static func regexPrefilter(_ regex: MangoRegex, _ target: SQLTarget) -> Translation {
        let isText = "\(target.type) = 'text'"
        guard let (low, high) = regex.prefixRange else { return .superset(SQLFragment(sql: isText)) }
        return .superset(SQLFragment(sql: "(\(target.value) >= ? AND \(target.value) < ? AND \(isText))",
                                     arguments: [.text(low), .text(high)]))
    }

    private static func typeTest(_ names: [TypeName], _ target: SQLTarget) -> Translation {
        var types: [String] = []
        for name in names {
            switch name {
            case .null: types += ["null"]
            case .bool: types += ["true", "false"]
            case .number: types += ["integer", "real"]
            case .int: types += ["integer"]
            case .double: types += ["real"]
            case .string: types += ["text"]
            case .object: types += ["object"]
            case .array: types += ["array"]
            }
        }
        if types.isEmpty { return .exact(.alwaysFalse) }
        return .exact(SQLFragment(sql: "\(target.type) IN (\(types.map { "'\($0)'" }.joined(separator: ",")))"))
    }

    static func sqlValue(_ number: JSONNumber) -> SQLValue {
        if let integer = Int64(number.text) { return .integer(integer) }
        return .real(number.double ?? 0)
    }
}
