extension StringProtocol {
    /// Without its leading and trailing whitespace (newlines included), in the standard library
    /// alone: Foundation's `trimmingCharacters(in:)` goes through NSString on Linux, whose
    /// bridging cost each transfer's header parsing its own protocol-conformance scans.
    /// The one trimming of the project: the transport's headers, connection strings, typed text.
    public var trimmingWhitespace: Substring {
        let s = Substring(self)
        guard let first = s.firstIndex(where: { !$0.isWhitespace }),
              let last = s.lastIndex(where: { !$0.isWhitespace }) else { return s[s.endIndex...] }
        return Substring(s[first...last])
    }
}
