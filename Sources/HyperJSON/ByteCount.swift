extension Sequence<UInt8> {
    /// How many times `byte` occurs, counted over the bytes' storage when it is contiguous (a
    /// native string's UTF-8 view): through the view's indices, finding a `%` took most of a nano
    /// path segment's 560 instructions. Inlinable, so that callers in other modules get it
    /// specialized (an unspecialized generic paid its metadata and conformance lookups).
    @inlinable
    public func count(ofByte byte: UInt8) -> Int {
        withContiguousStorageIfAvailable { $0.reduce(0) { $0 + ($1 == byte ? 1 : 0) } }
            ?? reduce(0) { $0 + ($1 == byte ? 1 : 0) }
    }

    /// Whether `byte` occurs, searched as `count(ofByte:)` counts.
    @inlinable
    public func containsByte(_ byte: UInt8) -> Bool {
        withContiguousStorageIfAvailable { $0.contains(byte) } ?? contains(byte)
    }
}
