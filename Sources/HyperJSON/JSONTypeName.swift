extension JSON {
    /// "an object", "a string": the value's JSON type as messages say it.
    public var typeWithArticle: String { (typeName.first.map { "aeiou".contains($0) } == true ? "an " : "a ") + typeName }
}
