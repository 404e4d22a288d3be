/// A property every fuzz target asserts on each input. A failure prints what broke and traps:
/// libFuzzer then reports a crash and writes the input to a `crash-*` file, so the failure can be
/// replayed (`fuzz-X crash-*`) and turned into a regression test.
public func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
                    file: StaticString = #fileID, line: UInt = #line) {
    guard !condition() else { return }
    fatalError("property failed: \(message())", file: file, line: line)
}

/// libFuzzer's input as bytes (it passes a null pointer for the empty input).
public func fuzzBytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
    guard let data, size > 0 else { return [] }
    return Array(UnsafeBufferPointer(start: data, count: size))
}

/// The input cut at line feeds into at most `count` strings (the last keeps any further line
/// feeds): how a target that takes several strings gets them from one input, while its seed
/// corpus stays plain text.
public func fuzzLines(_ bytes: [UInt8], count: Int = .max) -> [String] {
    bytes.split(separator: 0x0A, maxSplits: count - 1, omittingEmptySubsequences: false).map {
        String(decoding: $0, as: UTF8.self)
    }
}

/// A short, escaped excerpt of an input for a failure message.
public func excerpt(_ text: String, _ limit: Int = 200) -> String {
    String(text.prefix(limit).debugDescription)
}
