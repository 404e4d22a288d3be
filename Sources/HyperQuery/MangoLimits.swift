/// The bounds nano puts on a query before it reaches SQLite or the regex engine. Each is far
/// above what a real query needs and below what SQLite (2000 ORDER BY terms, 32,766 bound
/// variables in its default build; expression depth and parser stack, see `SQLDepth`) or the
/// process can take; past one, the query is refused with a 400 naming the limit.
public enum MangoLimits {
    /// Characters (Unicode scalars) in a `$regex` pattern.
    public static let regexLength = 1_000
    /// Groups nested inside each other in a `$regex`.
    public static let regexNesting = 32
    /// The largest count in a `{m,n}` repetition.
    public static let regexRepetition = 1_000
    /// Instructions of a compiled `$regex` (repetitions are unrolled: `(a{100}){100}` is 10,000).
    public static let regexProgram = 10_000
    /// Segments of a dotted field path (`a.b.0.c` has 4).
    public static let pathSegments = 32
    /// Operators nested in a selector: `$and`, `$or`, `$nor`, `$not`, `$elemMatch`.
    public static let selectorNesting = 16
    /// Conditions of a whole selector: each operator or equality on a field, each value of
    /// `$all`. A condition binds at most 4 values and 2 subqueries in SQL; SQLite's time to
    /// prepare a statement grows faster than linearly with its subqueries (1,000 conditions:
    /// 0.3 s, 8,000: 35 s), and the query deadline cannot interrupt a prepare.
    public static let selectorConditions = 1_000
    /// Values of all `$in` and `$nin` lists of a selector. A value binds at most 2 values in
    /// SQL, so with the conditions a statement binds at most 32,000, within SQLite's default
    /// 32,766.
    public static let selectorValues = 14_000
    /// Keys of `sort`.
    public static let sortKeys = 32
    /// Paths of `fields`.
    public static let fields = 1_000
}
