/// How much of SQLite's parser stack the translated SQL takes. SQLite before 3.46 parses with a
/// fixed stack of 100 entries, and nested parentheses, NOT and EXISTS subqueries use it up: a
/// statement past it fails with "parser stack overflow" (`$elemMatch` nested 6 deep did). The
/// translator adds up these costs along the nesting and leaves to the Swift evaluator whatever
/// would pass `budget`. The costs are entries per construct as measured on SQLite 3.40 (nested
/// `(a AND ...` 31 deep, `NOT coalesce((` 18, `... AND EXISTS (SELECT ... WHERE (... AND` 6),
/// rounded up; `SQLDepthTests` runs the deepest selectors on SQLite.
enum SQLDepth {
    static let budget = 92
    /// `SELECT doc FROM t WHERE` and the outermost parentheses.
    static let statement = 6
    static let not = 6
    /// `(json_type(...) = 'array' AND EXISTS (SELECT 1 FROM json_each(...) AS e WHERE (...`.
    static let exists = 17
    /// A path's subquery (`SQLPath`) around every use of the path: a nested
    /// `(SELECT ... json_each(doc, (SELECT ...` overflowed at 7.
    static let pathSubquery = 14
    /// A condition on a field and on its elements: `(direct OR (range AND exists))`.
    static let elementsOfField = 7
    /// Balanced parentheses over `count` parts (see `Translation.join`).
    static func join(_ count: Int) -> Int {
        var levels = 0
        while 1 << levels < count { levels += 1 }
        return 4 * levels
    }
}
