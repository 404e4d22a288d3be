/// What one list or query answer may still carry, in bytes of documents (`NanoLimits.maxAnswerBytes`).
/// The stores take from it as they read each document, so an answer too large is refused while
/// it is read, before it is held in memory whole.
struct AnswerBudget: Sendable {
    let limit: Int
    private var left: Int

    init(limit: Int) {
        self.limit = limit
        left = limit
    }

    /// Takes `bytes`; past the limit, the refusal.
    mutating func take(_ bytes: Int) throws(HyperFailure) {
        left -= bytes
        if left < 0 { throw refusal }
    }

    var refusal: HyperFailure {
        HyperFailure(400, "this list or query would hold more than \(limit / 1_048_576) MiB of documents (nano's --max-answer-mib): ask for fewer with limit, or narrow the selection")
    }
}
