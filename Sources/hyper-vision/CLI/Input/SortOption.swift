import HyperJSON

/// `--sort`: JSON as hyper takes it, or the short form `a,-b` for [{"a":"ASC"},{"b":"DESC"}].
enum SortOption {
    static func parse(_ text: String) throws(CLIFailure) -> JSON {
        if let first = text.first(where: { !$0.isWhitespace }), first == "[" || first == "{" {
            return try DocumentInput.parse(Array(text.utf8), source: "--sort", what: "sort")
        }
        let fields = CommaList.split(text)
        guard !fields.isEmpty else { throw .usage("--sort needs fields, like year or genre,-year") }
        return .array(fields.map { field in
            field.hasPrefix("-") ? [String(field.dropFirst()): "DESC"] : [field: "ASC"]
        })
    }
}
