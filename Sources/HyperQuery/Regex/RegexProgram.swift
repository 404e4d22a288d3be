/// One step of a compiled pattern, as in Thompson's construction and Pike's VM. Plain values
/// only (sets and case foldings live beside the instructions), so the matcher's inner loop
/// copies no reference-counted payload.
enum RegexInstruction: Sendable {
    case scalar(Unicode.Scalar)
    /// The scalar, or any scalar whose lowercase mapping is `lowercases[index]` (the `i` flag).
    case caseInsensitiveScalar(Unicode.Scalar, lowercase: Int)
    /// A scalar in `sets[index]`.
    case set(Int, caseInsensitive: Bool)
    case any(matchesLineTerminators: Bool)
    case assertion(RegexAssertion)
    /// Continue at both targets.
    case split(Int, Int)
    case jump(Int)
    case match
}

/// A pattern compiled to instructions, repetitions unrolled, at most `MangoLimits.regexProgram`
/// of them: counting as it emits, compilation stops as soon as a pattern would grow past it.
struct RegexProgram: Sendable {
    let instructions: [RegexInstruction]
    let sets: [ScalarSet]
    let lowercases: [String]
    /// The pattern starts with `\A` (or `^` without `m`): only a match at offset 0 is possible.
    let anchoredAtStart: Bool

    init(pattern: String, flags: RegexFlags) throws(RegexError) {
        let node = try RegexParser.parse(pattern, flags: flags)
        var compiler = Compiler()
        // Recursion here follows the tree, whose depth the parser bounded by the nesting limit.
        try compiler.compile(node)
        try compiler.emit(.match)
        instructions = compiler.instructions
        sets = compiler.sets
        lowercases = compiler.lowercases
        anchoredAtStart = Self.startsAnchored(node)
    }

    private static func startsAnchored(_ node: RegexNode) -> Bool {
        switch node {
        case .assertion(.startOfText): true
        case .concatenation(let items): items.first.map(startsAnchored) ?? false
        default: false
        }
    }

    private struct Compiler {
        var instructions: [RegexInstruction] = []
        var sets: [ScalarSet] = []
        var lowercases: [String] = []

        @discardableResult
        mutating func emit(_ instruction: RegexInstruction) throws(RegexError) -> Int {
            guard instructions.count < MangoLimits.regexProgram else {
                throw .limit("$regex unrolls its repetitions to more than \(MangoLimits.regexProgram) instructions, over the limit of \(MangoLimits.regexProgram)")
            }
            instructions.append(instruction)
            return instructions.count - 1
        }

        mutating func compile(_ node: RegexNode) throws(RegexError) {
            switch node {
            case .empty:
                break
            case .scalar(let scalar, let caseInsensitive):
                // No other scalar lowercases to an ASCII digit or symbol.
                let caseless = scalar.isASCII && !scalar.properties.isAlphabetic
                if caseInsensitive, !caseless {
                    try emit(.caseInsensitiveScalar(scalar, lowercase: lowercases.count))
                    lowercases.append(CaseFolding.lowercase(scalar))
                } else {
                    try emit(.scalar(scalar))
                }
            case .set(let set, let caseInsensitive):
                try emit(.set(sets.count, caseInsensitive: caseInsensitive))
                sets.append(set)
            case .any(let matchesLineTerminators):
                try emit(.any(matchesLineTerminators: matchesLineTerminators))
            case .assertion(let assertion):
                try emit(.assertion(assertion))
            case .concatenation(let items):
                for item in items { try compile(item) }
            case .alternation(let items):
                try alternation(items)
            case .repetition(let item, let min, let max):
                try repetition(item, min: min, max: max)
            }
        }

        /// `split(a, next) a jump(end) split(b, next) b jump(end) ... z`.
        private mutating func alternation(_ items: [RegexNode]) throws(RegexError) {
            var jumps: [Int] = []
            for (index, item) in items.enumerated() {
                guard index < items.count - 1 else {
                    try compile(item)
                    break
                }
                let split = try emit(.split(0, 0))
                try compile(item)
                jumps.append(try emit(.jump(0)))
                instructions[split] = .split(split + 1, instructions.count)
            }
            for jump in jumps { instructions[jump] = .jump(instructions.count) }
        }

        /// `min` copies, then `max - min` optional ones (each skipping to the end), or a loop.
        private mutating func repetition(_ item: RegexNode, min: Int, max: Int?) throws(RegexError) {
            for _ in 0..<min { try compile(item) }
            guard let max else {
                let loop = try emit(.split(0, 0))
                try compile(item)
                try emit(.jump(loop))
                instructions[loop] = .split(loop + 1, instructions.count)
                return
            }
            var splits: [Int] = []
            for _ in min..<max {
                splits.append(try emit(.split(0, 0)))
                try compile(item)
            }
            for split in splits { instructions[split] = .split(split + 1, instructions.count) }
        }
    }
}
