/// A rejected query, shaped like hyper's validation errors: 422 for an argument of the wrong type
/// (`Invalid Arguments 'limit': ...`), 400 for a value that fits none of a union's forms (`sort: 6`).
public struct MangoError: Error, Sendable, CustomStringConvertible {
    public let status: Int
    public let message: String

    public init(status: Int, message: String) {
        self.status = status
        self.message = message
    }

    public var description: String { message }

    /// A 422 naming the request field at fault, the way hyper's zod port errors read.
    static func invalidArgument(_ field: String, _ detail: String) -> MangoError {
        MangoError(status: 422, message: "Invalid Arguments '\(field)': \(detail)")
    }

    /// A 400 for a union-typed field (sort, index fields) whose value matches none of the forms.
    static func invalidUnion(_ field: String, _ detail: String) -> MangoError {
        MangoError(status: 400, message: "Invalid Union '\(field)': \(detail)")
    }

    static func selector(_ detail: String) -> MangoError { invalidArgument("selector", detail) }

    /// A 400 for a query past one of `MangoLimits`: `<field>: <what>, over the limit of <n>.`
    static func limit(_ field: String, _ detail: String) -> MangoError {
        MangoError(status: 400, message: "\(field): \(detail).")
    }
}
