/// A value bound to one `?` placeholder of a generated statement.
public enum SQLValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
}

/// The SQL form of a query over a table whose `documentColumn` holds each document as JSON text.
public struct MangoSQL: Sendable {
    /// Boolean expression for `WHERE`, or nil when every row is a candidate.
    public var whereClause: String?
    /// Expression list for `ORDER BY`, or nil when the query has no sort.
    public var orderBy: String?
    /// Values for the `?` placeholders, in order of appearance in `whereClause`.
    public var arguments: [SQLValue]
    /// True when `whereClause` is only a superset: rows must still pass `MangoQuery.matches`.
    public var needsResidualFilter: Bool
    /// True when the rows must be ordered with `MangoQuery.sorted` (after filtering) rather than
    /// trusting `orderBy`, and so limit/skip must be applied in Swift too.
    public var needsSwiftSort: Bool

    public init(whereClause: String?, orderBy: String?, arguments: [SQLValue],
                needsResidualFilter: Bool, needsSwiftSort: Bool) {
        self.whereClause = whereClause
        self.orderBy = orderBy
        self.arguments = arguments
        self.needsResidualFilter = needsResidualFilter
        self.needsSwiftSort = needsSwiftSort
    }
}
