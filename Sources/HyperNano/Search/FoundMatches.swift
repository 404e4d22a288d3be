import NIOCore
import Synchronization

/// The matches of a search as `nano_match` writes them (see `SearchFound`), then in the
/// answer's order: best score first, and a tie in the order FTS5 found them (rowid order, as
/// FTS5's own rank order keeps ties), so that an answer and its `limit` prefix agree.
///
/// A class: `nano_match` reaches it through the pointer bound to its statement. Used by one
/// query at a time (it is off `FoundMatchesPool` meanwhile), which is what makes the unchecked
/// Sendable sound.
final class FoundMatches: @unchecked Sendable {
    private var texts: [UInt8] = []
    private var found: [(score: Double, range: Range<Int>)] = []
    /// The matches' bytes kept at most (`NanoLimits.maxAnswerBytes`): past them every match is
    /// dropped and `overflowed` says so, for the search to be refused.
    var limit = Int.max
    private(set) var overflowed = false

    /// Forgets the matches, keeping the memory for the next search.
    fileprivate func clear() {
        texts.removeAll(keepingCapacity: true)
        found.removeAll(keepingCapacity: true)
        limit = .max
        overflowed = false
    }

    fileprivate var capacity: Int { texts.capacity }

    /// A match with `score`, whose text `write` appends (false: it could not, nothing is kept).
    /// Each text is kept after a comma, the separator it takes in the answer's array.
    func add(score: Double, _ write: (inout [UInt8]) -> Bool) -> Bool {
        if overflowed { return true }
        let start = texts.count
        texts.append(UInt8(ascii: ","))
        guard write(&texts) else {
            texts.removeSubrange(start...)
            return false
        }
        if texts.count > limit {
            texts.removeSubrange(start...)
            overflowed = true
            return true
        }
        found.append((score, start..<texts.count))
        return true
    }

    /// The bytes `write(into:)` writes.
    var byteCount: Int { texts.count + 2 }

    /// `[m1,m2,...]`, in order.
    func write(into buffer: inout ByteBuffer) {
        let order = found.withUnsafeBufferPointer { found in
            found.indices.sorted { a, b in found[a].score != found[b].score ? found[a].score > found[b].score : a < b }
        }
        buffer.writeInteger(UInt8(ascii: "["))
        texts.withUnsafeBytes { bytes in
            found.withUnsafeBufferPointer { found in
                for (position, index) in order.enumerated() {
                    let range = found[index].range
                    // the first match without its comma
                    buffer.writeBytes(UnsafeRawBufferPointer(rebasing: bytes[position == 0 ? range.dropFirst() : range]))
                }
            }
        }
        buffer.writeInteger(UInt8(ascii: "]"))
    }
}

/// `FoundMatches` kept for the next searches, their buffers at the size they grew to: a search
/// writes its matches into memory already mapped instead of growing fresh buffers (each new
/// page a fault, 7% of the 3,370-match search's time). At most one per search running at once;
/// one that grew past `keptCapacity` is let go.
final class FoundMatchesPool: Sendable {
    private let idle = Mutex<[FoundMatches]>([])
    static let keptCapacity = 4 << 20

    /// `body` with matches of its own, empty.
    func borrow<T>(_ body: (FoundMatches) throws -> T) rethrows -> T {
        let matches = idle.withLock { $0.popLast() } ?? FoundMatches()
        defer {
            if matches.capacity <= Self.keptCapacity {
                matches.clear()
                idle.withLock { $0.append(matches) }
            }
        }
        return try body(matches)
    }
}
