/// An origin as `--cors` takes it.
public enum CORSOrigin {
    /// `*`, or `http(s)://host[:port]` with no path.
    public static func isValid(_ text: String) -> Bool {
        if text == "*" { return true }
        let origin = normalized(text)
        guard let separator = origin.range(of: "://") else { return false }
        let scheme = origin[..<separator.lowerBound]
        let authority = origin[separator.upperBound...]
        return ["http", "https"].contains(scheme) && !authority.isEmpty && !authority.contains("/")
            && !authority.contains("@") && !authority.contains(where: \.isWhitespace)
    }

    /// Lower case without a trailing `/`, as browsers send it.
    public static func normalized(_ origin: String) -> String {
        var text = origin.lowercased()
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }
}
