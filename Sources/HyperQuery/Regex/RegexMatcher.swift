/// Pike's VM: every thread of the program advances over the text in lockstep, one scalar at a
/// time, each instruction at most once per position. Time is O(text × program), memory
/// O(program), whatever the pattern; `$regex` only asks whether a match exists, so no capture
/// positions are kept and the first thread to reach `match` answers.
extension RegexProgram {
    /// Threads stepped between deadline checks: about a millisecond of work.
    private static let stepsPerCheck = 65_536

    func matches(_ text: String, deadline: QueryDeadline?) throws(QueryInterrupted) -> Bool {
        var current = ThreadSet(capacity: instructions.count)
        var next = ThreadSet(capacity: instructions.count)
        var pending: [Int] = []
        var scalars = text.unicodeScalars.makeIterator()
        var position = Position(previous: nil, here: scalars.next(), following: nil)
        if position.here != nil { position.following = scalars.next() }
        var steps = 0
        while true {
            if !anchoredAtStart || position.previous == nil {
                if add(0, to: &current, at: position, pending: &pending) { return true }
            } else if current.isEmpty {
                return false
            }
            guard let scalar = position.here else { return false }
            let advanced = Position(
                previous: scalar, here: position.following,
                following: position.following == nil ? nil : scalars.next())
            for index in 0..<current.count {
                let pc = current.dense[index]
                if accepts(instructions[pc], scalar), add(pc + 1, to: &next, at: advanced, pending: &pending) {
                    return true
                }
            }
            steps += current.count
            if steps >= Self.stepsPerCheck {
                steps = 0
                try deadline?.check()
            }
            swap(&current, &next)
            next.removeAll()
            position = advanced
        }
    }

    /// The scalars around a position between two scalars of the text (nil past either end).
    private struct Position {
        var previous: Unicode.Scalar?
        var here: Unicode.Scalar?
        /// The scalar after `here`: `\Z` needs to know whether `here` is the last one.
        var following: Unicode.Scalar?
    }

    private func accepts(_ instruction: RegexInstruction, _ scalar: Unicode.Scalar) -> Bool {
        switch instruction {
        case .scalar(let expected):
            scalar == expected
        case .caseInsensitiveScalar(let expected, let lowercase):
            scalar == expected || CaseFolding.lowercase(scalar) == lowercases[lowercase]
        case .set(let set, let caseInsensitive):
            sets[set].matches(scalar, caseInsensitive: caseInsensitive)
        case .any(let matchesLineTerminators):
            matchesLineTerminators || !ScalarSet.isLineTerminator(scalar)
        case .assertion, .split, .jump, .match:
            false
        }
    }

    /// Adds the thread at `pc` and everything it reaches without consuming a scalar; true when
    /// that reaches `match`. An explicit stack, and each instruction entered once per position,
    /// so empty loops such as `(a*)*` end.
    private func add(_ start: Int, to set: inout ThreadSet, at position: Position, pending: inout [Int]) -> Bool {
        var next: Int? = start
        while let pc = next ?? pending.popLast() {
            next = nil
            if set.contains(pc) { continue }
            set.insert(pc)
            switch instructions[pc] {
            case .match:
                pending.removeAll()
                return true
            case .jump(let target):
                next = target
            case .split(let first, let second):
                pending.append(second)
                next = first
            case .assertion(let assertion):
                if holds(assertion, at: position) { next = pc + 1 }
            case .scalar, .caseInsensitiveScalar, .set, .any:
                break
            }
        }
        return false
    }

    private func holds(_ assertion: RegexAssertion, at position: Position) -> Bool {
        switch assertion {
        case .startOfText:
            return position.previous == nil
        case .endOfText:
            return position.here == nil
        case .endOfTextOrFinalLineTerminator:
            guard let here = position.here else { return true }
            return position.following == nil && ScalarSet.isLineTerminator(here)
        case .startOfLine:
            return position.previous.map(ScalarSet.isLineTerminator) ?? true
        case .endOfLine:
            return position.here.map(ScalarSet.isLineTerminator) ?? true
        case .wordBoundary, .notWordBoundary:
            // PCRE's rule: a text's start or end is a boundary only next to a word character.
            let before = position.previous.map(ScalarProperty.word.holds) ?? false
            let after = position.here.map(ScalarProperty.word.holds) ?? false
            return (before != after) == (assertion == .wordBoundary)
        }
    }
}

/// The threads at one position: a sparse set of instruction indexes, cleared in O(1).
private struct ThreadSet {
    private(set) var dense: [Int]
    private var sparse: [Int]
    private(set) var count = 0

    init(capacity: Int) {
        dense = Array(repeating: 0, count: capacity)
        sparse = Array(repeating: 0, count: capacity)
    }

    var isEmpty: Bool { count == 0 }

    func contains(_ pc: Int) -> Bool {
        let index = sparse[pc]
        return index < count && dense[index] == pc
    }

    mutating func insert(_ pc: Int) {
        sparse[pc] = count
        dense[count] = pc
        count += 1
    }

    mutating func removeAll() { count = 0 }
}
