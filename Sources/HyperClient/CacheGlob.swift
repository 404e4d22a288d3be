import HyperJSON

/// A cache query's pattern as hyper defines it: `*` stands for any run of characters, every
/// other character for itself. hyper's sqlite adapter turns only the first `*` into SQL's `%`
/// and leaves `_` and `%` unescaped (hyper-2026.md H6), so `user_1*` also answers `userx1` and
/// `movie*1984*` answers nothing. Such a server is sent the pattern up to its first `*` (which
/// it answers with every key the whole pattern matches, and more), and the keys it answers are
/// matched here, so that a list, and a delete of everything selected in it, holds exactly the
/// keys the pattern names.
struct CacheGlob {
    private let parts: [Substring]

    init(_ pattern: String) { parts = pattern.split(separator: "*", omittingEmptySubsequences: false) }

    /// What to send a server that reads only the first `*`: the pattern up to and with it.
    var serverPattern: String { parts.count > 2 ? parts[0] + "*" : parts.joined(separator: "*") }

    /// Whether `key` matches: the first part as a prefix, the last as a suffix, the ones between
    /// in order, each taking its first place (which is never worse for the parts after it).
    func matches(_ key: String) -> Bool {
        guard parts.count > 1 else { return key == parts[0] }
        guard key.hasPrefix(parts[0]), key.dropFirst(parts[0].count).hasSuffix(parts[parts.count - 1]) else { return false }
        var rest = key.dropFirst(parts[0].count).dropLast(parts[parts.count - 1].count)
        for part in parts.dropFirst().dropLast() where !part.isEmpty {
            guard let found = rest.firstRange(of: part) else { return false }
            rest = rest[found.upperBound...]
        }
        return true
    }

    /// The answer (`{ok, docs:[{key, value}]}`) with only the entries whose key matches.
    func keepingMatches(of answer: JSON) -> JSON {
        guard case .object(var object) = answer, let docs = answer["docs"]?.arrayValue else { return answer }
        object["docs"] = .array(docs.filter { $0["key"]?.stringValue.map(matches) ?? false })
        return .object(object)
    }
}
