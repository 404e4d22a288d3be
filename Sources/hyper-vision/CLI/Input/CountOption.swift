import ArgumentParser

extension ValidationError {
    /// Refuses a negative count given to a count option (`--limit`, `--skip`).
    static func requireNotNegative(_ count: Int?, _ option: String) throws(ValidationError) {
        if let count, count < 0 { throw ValidationError("\(option) must not be negative") }
    }
}
