/// Why an HTTPie item was refused: the item (quoted, cut to 80 characters) and what is wrong.
public struct DocumentItemError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String

    init(_ message: String) { self.message = message }

    public var description: String { message }
}
