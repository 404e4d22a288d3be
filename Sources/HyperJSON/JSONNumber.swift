/// A JSON number as written. The text is what is printed back; numeric views are derived on demand,
/// so a 30-digit id or `1.10` round-trips unchanged.
public struct JSONNumber: Sendable, CustomStringConvertible {
    public let text: String

    /// Trusts `text` to be a valid JSON number: the parser checks it, and callers of this
    /// initialiser pass the output of number formatting.
    public init(text: String) { self.text = text }
    public init(_ value: Int) { text = String(value) }
    public init(_ value: Double) {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 {
            text = String(Int64(value))
        } else if value.isFinite {
            text = "\(value)"
        } else {
            text = "null"  // JSON has no NaN or infinity
        }
    }

    public var double: Double? { Double(text) }
    /// The value as an Int when it is integral and fits.
    public var int: Int? {
        if let exact = Int(text) { return exact }
        guard let d = double, d == d.rounded(), abs(d) < 9.0e15 else { return nil }
        return Int(d)
    }
    public var description: String { text }
}

extension JSONNumber: Hashable {
    /// Numbers compare by value (`1`, `1.0` and `1e0` are equal), falling back to text for values
    /// beyond Double's range.
    public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        if lhs.text == rhs.text { return true }
        guard let l = lhs.double, let r = rhs.double else { return false }
        return l == r
    }

    public func hash(into hasher: inout Hasher) {
        if let d = double { hasher.combine(d) } else { hasher.combine(text) }
    }
}

extension JSONNumber: Comparable {
    public static func < (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        (lhs.double ?? 0) < (rhs.double ?? 0)
    }
}
