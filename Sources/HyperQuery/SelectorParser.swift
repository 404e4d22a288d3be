import HyperJSON

/// Turns selector JSON into a `Selector`, rejecting what MongoDB would reject with a 422 that
/// names the operator or field at fault, and what is past `MangoLimits` with a 400, before any
/// SQL is built. Nesting is checked on the way in, so the parser's recursion is bounded too.
struct SelectorParser {
    /// Operators enclosing the one being parsed.
    private var nesting = 0
    /// Conditions and `$in`/`$nin` values so far (see `MangoLimits`).
    private var conditionCount = 0
    private var valueCount = 0

    static func parse(_ json: JSON) throws(MangoError) -> Selector {
        var parser = SelectorParser()
        return try parser.selector(json)
    }

    private mutating func selector(_ json: JSON) throws(MangoError) -> Selector {
        guard case .object(let object) = json else {
            throw .selector("Expected object, received \(json.typeName).")
        }
        var parts: [Selector] = []
        for (key, value) in object {
            switch key {
            case "$and": parts.append(.and(try clauses(key, value)))
            case "$or": parts.append(.or(try clauses(key, value)))
            case "$nor": parts.append(.nor(try clauses(key, value)))
            default:
                guard !key.hasPrefix("$") else { throw .selector("unknown top level operator '\(key)'.") }
                parts.append(.field(try FieldPath(key, field: "selector"), try conditions(for: value)))
            }
        }
        return parts.count == 1 ? parts[0] : .and(parts)
    }

    private mutating func clauses(_ op: String, _ value: JSON) throws(MangoError) -> [Selector] {
        guard case .array(let items) = value, !items.isEmpty else {
            throw .selector("\(op) must be a nonempty array.")
        }
        try enter(op)
        defer { nesting -= 1 }
        var result: [Selector] = []
        for item in items {
            guard case .object = item else { throw .selector("\(op) entries must be objects.") }
            result.append(try selector(item))
        }
        return result
    }

    /// An object whose keys all start with `$` is a set of operators; anything else is a value
    /// to compare for equality (MongoDB rejects mixing the two).
    private static func isOperatorObject(_ object: JSONObject) throws(MangoError) -> Bool {
        let operators = object.keys.filter { $0.hasPrefix("$") }.count
        guard operators == 0 || operators == object.count else {
            throw .selector("cannot mix operators and field names in \(JSON.object(object).compact).")
        }
        return operators > 0
    }

    private mutating func conditions(for value: JSON) throws(MangoError) -> [Condition] {
        guard case .object(let object) = value, try Self.isOperatorObject(object) else {
            try countConditions(1)
            return [.eq(value)]
        }
        var result: [Condition] = []
        for (op, operand) in object where op != "$options" {
            try countConditions(1)
            result.append(try condition(op, operand, options: object["$options"]))
        }
        if object["$options"] != nil, object["$regex"] == nil {
            throw .selector("$options needs a $regex.")
        }
        return result
    }

    private mutating func condition(_ op: String, _ operand: JSON, options: JSON?) throws(MangoError) -> Condition {
        switch op {
        case "$eq": return .eq(operand)
        case "$ne": return .ne(operand)
        case "$gt": return .compare(.gt, operand)
        case "$gte": return .compare(.gte, operand)
        case "$lt": return .compare(.lt, operand)
        case "$lte": return .compare(.lte, operand)
        case "$in", "$nin":
            let operands = try Self.array(op, operand)
            valueCount += operands.count
            guard valueCount <= MangoLimits.selectorValues else {
                throw .limit("selector", "its $in and $nin lists hold more than \(MangoLimits.selectorValues) values, over the limit of \(MangoLimits.selectorValues)")
            }
            return op == "$in" ? .in(operands) : .nin(operands)
        case "$all":
            // Each value is an equality of its own.
            let operands = try Self.array(op, operand)
            try countConditions(operands.count)
            return .all(operands)
        case "$exists":
            guard case .bool(let flag) = operand else { throw .selector("$exists needs true or false.") }
            return .exists(flag)
        case "$type": return .type(try Self.typeNames(operand))
        case "$regex":
            guard case .string(let pattern) = operand else { throw .selector("$regex needs a string.") }
            let flags: String
            switch options {
            case nil, .null?: flags = ""
            case .string(let text)?: flags = text
            default: throw .selector("$options needs a string.")
            }
            return .regex(try MangoRegex(pattern: pattern, options: flags))
        case "$not":
            guard case .object(let object) = operand, !object.isEmpty, try Self.isOperatorObject(object) else {
                throw .selector("$not needs an object of operators.")
            }
            try enter(op)
            defer { nesting -= 1 }
            return .not(try conditions(for: operand))
        case "$elemMatch":
            guard case .object(let object) = operand else { throw .selector("$elemMatch needs an object.") }
            try enter(op)
            defer { nesting -= 1 }
            let logical: Set<String> = ["$and", "$or", "$nor"]
            if !object.isEmpty, try Self.isOperatorObject(object), !object.keys.contains(where: logical.contains) {
                return .elemMatchValue(try conditions(for: operand))
            }
            return .elemMatchDocument(try selector(operand))
        case "$size":
            guard let n = operand.numberValue?.int, n >= 0, operand.numberValue?.double == Double(n) else {
                throw .selector("$size needs a nonnegative integer.")
            }
            return .size(n)
        case "$mod":
            guard case .array(let pair) = operand, pair.count == 2,
                  let divisor = pair[0].numberValue?.double, let remainder = pair[1].numberValue?.double,
                  abs(divisor) < 9e15, abs(remainder) < 9e15
            else { throw .selector("$mod needs an array [divisor, remainder] of two numbers.") }
            let d = Int64(divisor.rounded(.towardZero))
            guard d != 0 else { throw .selector("$mod divisor must not be 0.") }
            return .mod(divisor: d, remainder: Int64(remainder.rounded(.towardZero)))
        default:
            throw .selector("unknown operator '\(op)'.")
        }
    }

    private static func array(_ op: String, _ operand: JSON) throws(MangoError) -> [JSON] {
        guard case .array(let items) = operand else { throw .selector("\(op) needs an array.") }
        return items
    }

    // MARK: limits

    private mutating func enter(_ op: String) throws(MangoError) {
        nesting += 1
        guard nesting <= MangoLimits.selectorNesting else {
            throw .limit("selector", "\(op) nests operators ($and, $or, $nor, $not, $elemMatch) deeper than \(MangoLimits.selectorNesting) levels, over the limit of \(MangoLimits.selectorNesting)")
        }
    }

    private mutating func countConditions(_ added: Int) throws(MangoError) {
        conditionCount += added
        guard conditionCount <= MangoLimits.selectorConditions else {
            throw .limit("selector", "it has more than \(MangoLimits.selectorConditions) conditions, over the limit of \(MangoLimits.selectorConditions)")
        }
    }

    // MARK: $type

    /// `$type` takes a name, a BSON type number, or an array of them.
    private static func typeNames(_ operand: JSON) throws(MangoError) -> [TypeName] {
        if case .array(let items) = operand {
            var names: [TypeName] = []
            for item in items { names.append(try typeName(item)) }
            return names
        }
        return [try typeName(operand)]
    }

    private static func typeName(_ operand: JSON) throws(MangoError) -> TypeName {
        let names: [String: TypeName] = [
            "null": .null, "bool": .bool, "boolean": .bool, "number": .number, "int": .int, "long": .int,
            "double": .double, "decimal": .double, "string": .string, "object": .object, "array": .array,
        ]
        let codes: [Int: TypeName] = [1: .double, 2: .string, 3: .object, 4: .array, 8: .bool, 10: .null,
                                      16: .int, 18: .int, 19: .double]
        switch operand {
        case .string(let name):
            if let type = names[name] { return type }
        case .number(let number):
            if let code = number.int, let type = codes[code] { return type }
        default:
            break
        }
        throw .selector("unknown $type \(operand.compact).")
    }
}
