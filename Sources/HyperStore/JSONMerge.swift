import HyperJSON

/// Three versions of one document after an edit conflict (the base the edit began from, the
/// server's version now, the user's), compared and merged field by field. Pure.
///
/// Objects are compared and merged key by key, recursively; any other value (arrays included)
/// is one field. Equality is `JSONDiff`'s: key order and number spelling are not changes.
public enum JSONMerge {
    /// One field that changed on at least one side.
    public struct Field: Sendable, Equatable {
        /// Dotted, as `JSONDiff` writes paths (`cast.lead`, `"a.b"` quoted).
        public let path: String
        /// nil: the field is absent from that version.
        public let base: JSON?
        public let theirs: JSON?
        public let yours: JSON?

        public var theyChanged: Bool { !JSONMerge.same(base, theirs) }
        public var youChanged: Bool { !JSONMerge.same(base, yours) }
        /// Both sides changed it, differently: a merge has to pick one.
        public var bothChanged: Bool { theyChanged && youChanged && !JSONMerge.same(theirs, yours) }
    }

    /// The fields either side changed, in the order of the server's version (then the user's
    /// new ones), and the top-level keys neither changed.
    public static func fields(base: JSON?, theirs: JSON?, yours: JSON?) -> (changed: [Field], unchanged: [String]) {
        var changed: [Field] = []
        collect(base, theirs, yours, path: [], into: &changed)
        let unchanged = (base?.objectValue?.keys).map { keys in
            keys.filter { same(base?[$0], theirs?[$0]) && same(base?[$0], yours?[$0]) }
        } ?? []
        return (changed, unchanged)
    }

    /// The user's changes on top of the server's version: a field only the user changed takes
    /// the user's value, one only the server changed keeps the server's, and one both changed
    /// takes the user's and is listed in `bothChanged` (by path).
    public static func merge(base: JSON?, theirs: JSON, yours: JSON) -> (document: JSON, bothChanged: [Field]) {
        var conflicts: [Field] = []
        let document = merge(base, theirs, yours, path: [], conflicts: &conflicts) ?? yours
        return (document, conflicts)
    }

    private static func merge(_ base: JSON?, _ theirs: JSON?, _ yours: JSON?, path: [String], conflicts: inout [Field]) -> JSON? {
        if same(yours, base) { return theirs }
        if same(theirs, base) || same(theirs, yours) { return yours }
        guard case .object(let b)? = base, case .object(let t)? = theirs, case .object(let y)? = yours else {
            conflicts.append(Field(path: JSONDiff.join(path), base: base, theirs: theirs, yours: yours))
            return yours
        }
        var merged: JSONObject = [:]
        for key in keys(t, y) {
            if let value = merge(b[key], t[key], y[key], path: path + [JSONDiff.segment(key)], conflicts: &conflicts) {
                merged[key] = value
            }
        }
        return .object(merged)
    }

    private static func collect(_ base: JSON?, _ theirs: JSON?, _ yours: JSON?, path: [String], into fields: inout [Field]) {
        if case .object(let b)? = base, case .object(let t)? = theirs, case .object(let y)? = yours {
            for key in keys(t, y).union(b.keys) {
                collect(b[key], t[key], y[key], path: path + [JSONDiff.segment(key)], into: &fields)
            }
            return
        }
        let field = Field(path: JSONDiff.join(path), base: base, theirs: theirs, yours: yours)
        if field.theyChanged || field.youChanged { fields.append(field) }
    }

    /// The server's keys in its order, then the user's new ones.
    private static func keys(_ theirs: JSONObject, _ yours: JSONObject) -> OrderedKeys {
        OrderedKeys(Array(theirs.keys) + yours.keys.filter { theirs[$0] == nil })
    }

    /// Equal as documents (absent equals only absent).
    static func same(_ a: JSON?, _ b: JSON?) -> Bool {
        switch (a, b) {
        case (nil, nil): true
        case (let a?, let b?): JSONDiff.changes(from: a, to: b).isEmpty
        default: false
        }
    }
}

/// Keys in order without repeats.
private struct OrderedKeys: Sequence {
    private var keys: [String]
    init(_ keys: [String]) { self.keys = keys }

    func union(_ more: some Sequence<String>) -> OrderedKeys {
        let known = Set(keys)
        return OrderedKeys(keys + more.filter { !known.contains($0) })
    }

    func makeIterator() -> IndexingIterator<[String]> { keys.makeIterator() }
}
