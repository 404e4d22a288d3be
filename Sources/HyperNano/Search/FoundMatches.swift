import NIOCore

/// The matches of a search as `nano_match` writes them (see `SearchFound`), then in the
/// answer's order: best score first, and a tie in the order FTS5 found them (rowid order, as
/// FTS5's own rank order keeps ties), so that an answer and its `limit` prefix agree.
///
/// A class: `nano_match` reaches it through the pointer bound to its statement. Used by one
/// query on one thread.
final class FoundMatches {
    private var texts: [UInt8] = []
    private var found: [(score: Double, range: Range<Int>)] = []

    /// A match with `score`, whose text `write` appends (false: it could not, nothing is kept).
    func add(score: Double, _ write: (inout [UInt8]) -> Bool) -> Bool {
        let start = texts.count
        guard write(&texts) else {
            texts.removeSubrange(start...)
            return false
        }
        found.append((score, start..<texts.count))
        return true
    }

    /// The bytes `write(into:)` writes.
    var byteCount: Int { texts.count + found.count + 2 }

    /// `[m1,m2,...]`, in order.
    func write(into buffer: inout ByteBuffer) {
        let order = found.indices.sorted { a, b in
            found[a].score != found[b].score ? found[a].score > found[b].score : a < b
        }
        buffer.writeInteger(UInt8(ascii: "["))
        texts.withUnsafeBytes { bytes in
            for (position, index) in order.enumerated() {
                if position > 0 { buffer.writeInteger(UInt8(ascii: ",")) }
                buffer.writeBytes(UnsafeRawBufferPointer(rebasing: bytes[found[index].range]))
            }
        }
        buffer.writeInteger(UInt8(ascii: "]"))
    }
}
