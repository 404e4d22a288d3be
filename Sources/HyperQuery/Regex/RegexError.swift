/// Why a pattern was refused: not a regular expression, a construct a linear-time engine
/// cannot run, or over one of `MangoLimits`.
struct RegexError: Error, Sendable, Equatable {
    enum Kind: Sendable, Equatable { case syntax, unsupported, limit }

    let kind: Kind
    let message: String

    static func syntax(_ message: String, at offset: Int) -> RegexError {
        RegexError(kind: .syntax, message: "\(message) at offset \(offset)")
    }

    /// What only a backtracking engine can do (backreferences, lookaround, atomic groups...).
    static func notLinear(_ feature: String) -> RegexError {
        RegexError(kind: .unsupported, message: "$regex uses \(feature), which cannot run in linear time; nano does not support it")
    }

    static func unsupported(_ feature: String) -> RegexError {
        RegexError(kind: .unsupported, message: "$regex uses \(feature), which nano does not support")
    }

    static func limit(_ message: String) -> RegexError {
        RegexError(kind: .limit, message: message)
    }
}
