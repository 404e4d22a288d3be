/// Why a text is not JSON, and where: line and column are 1-based, the column counts characters.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public let line: Int
    public let column: Int
    /// Byte offset of the problem in the input.
    public let offset: Int

    public var description: String { "\(message) at line \(line), column \(column)" }
}
