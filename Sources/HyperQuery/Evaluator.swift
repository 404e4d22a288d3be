import HyperJSON

/// Evaluates a selector against a document in Swift with MongoDB's semantics: the reference the
/// SQL translation is tested against, and the residual filter for what SQL cannot express.
enum Evaluator {
    /// `deadline` stops a long `$regex` match; the other operators are linear in the document.
    static func matches(_ selector: Selector, _ doc: JSON, deadline: QueryDeadline?) throws(QueryInterrupted) -> Bool {
        switch selector {
        case .and(let parts):
            for part in parts where try !matches(part, doc, deadline: deadline) { return false }
            return true
        case .or(let parts):
            for part in parts where try matches(part, doc, deadline: deadline) { return true }
            return false
        case .nor(let parts):
            for part in parts where try matches(part, doc, deadline: deadline) { return false }
            return true
        case .field(let path, let conditions):
            return try holdAll(conditions, path.resolve(in: doc), deadline)
        }
    }

    private static func holdAll(_ conditions: [Condition], _ value: JSON?, _ deadline: QueryDeadline?)
        throws(QueryInterrupted) -> Bool
    {
        for condition in conditions where try !holds(condition, value, deadline) { return false }
        return true
    }

    /// Whether `condition` holds for `value` (nil when the field is missing).
    static func holds(_ condition: Condition, _ value: JSON?, _ deadline: QueryDeadline?) throws(QueryInterrupted) -> Bool {
        switch condition {
        case .eq(let operand): return equals(value, operand)
        case .ne(let operand): return !equals(value, operand)
        case .compare(let comparison, let operand): return compares(value, comparison, operand)
        case .in(let operands): return operands.contains { equals(value, $0) }
        case .nin(let operands): return !operands.contains { equals(value, $0) }
        case .exists(let flag): return (value != nil) == flag
        case .type(let names): return anyCandidate(value) { c in names.contains { isType(c, $0) } }
        case .regex(let regex):
            guard let value else { return false }
            if let text = value.stringValue { return try regex.matches(text, deadline: deadline) }
            for element in value.arrayValue ?? [] {
                if let text = element.stringValue, try regex.matches(text, deadline: deadline) { return true }
            }
            return false
        case .not(let conditions): return try !holdAll(conditions, value, deadline)
        case .all(let operands): return !operands.isEmpty && operands.allSatisfy { equals(value, $0) }
        case .elemMatchValue(let conditions):
            for element in value?.arrayValue ?? [] where try holdAll(conditions, element, deadline) { return true }
            return false
        case .elemMatchDocument(let selector):
            for element in value?.arrayValue ?? [] where element.objectValue != nil {
                if try matches(selector, element, deadline: deadline) { return true }
            }
            return false
        case .size(let count): return value?.arrayValue?.count == count
        case .mod(let divisor, let remainder):
            return anyCandidate(value) { c in
                // Beyond ±9e15 a double is no longer an exact integer; SQL skips these too.
                guard let d = c.doubleValue, d > -9e15, d < 9e15 else { return false }
                return Int64(d.rounded(.towardZero)) % divisor == remainder
            }
        }
    }

    /// MongoDB tests a condition against an array field itself and against each of its elements.
    private static func anyCandidate(_ value: JSON?, _ test: (JSON) -> Bool) -> Bool {
        guard let value else { return false }
        if test(value) { return true }
        return value.arrayValue?.contains(where: test) ?? false
    }

    /// Equality with null also matches a missing field, and an array matches when it or one of
    /// its elements equals the operand.
    static func equals(_ value: JSON?, _ operand: JSON) -> Bool {
        if operand.isNull, value == nil { return true }
        guard let value else { return false }
        if MangoOrder.equal(value, operand) { return true }
        return value.arrayValue?.contains { MangoOrder.equal($0, operand) } ?? false
    }

    /// Range operators only compare values of the operand's type (MongoDB's type brackets);
    /// `$gte: null` and `$lte: null` match null and missing, as equality does.
    private static func compares(_ value: JSON?, _ comparison: Comparison, _ operand: JSON) -> Bool {
        if operand.isNull {
            return (comparison == .gte || comparison == .lte) && equals(value, operand)
        }
        let bracket = MangoOrder.bracket(operand)
        return anyCandidate(value) { c in
            MangoOrder.bracket(c) == bracket && comparison.holds(MangoOrder.compare(c, operand))
        }
    }

    static func isType(_ value: JSON, _ name: TypeName) -> Bool {
        switch (name, value) {
        case (.null, .null), (.bool, .bool), (.number, .number), (.string, .string),
             (.object, .object), (.array, .array):
            true
        case (.int, .number(let n)): isIntegerLiteral(n)
        case (.double, .number(let n)): !isIntegerLiteral(n)
        default: false
        }
    }

    /// Integer or not by how the number is written, as SQLite's json_type decides it.
    static func isIntegerLiteral(_ number: JSONNumber) -> Bool {
        !number.text.contains { $0 == "." || $0 == "e" || $0 == "E" }
    }
}
