import HyperJSON

/// The text of a draft as the editor shows it: the user's JSON, possibly below a header of
/// comment lines that say why the editor was reopened. Pure.
public enum DraftText {
    /// Every header line starts with this; lines with it at the top are removed before parsing.
    public static let headerPrefix = "// hyper-vision: "

    /// The user's text below a header naming the parse error. The line number is the one the
    /// user sees in the editor (header included). An older header is replaced, never stacked.
    public static func withErrorHeader(_ text: String, error: JSONParseError) -> String {
        let body = strippingHeader(text)
        let notes = [
            "fix the JSON below and save; quit without saving to keep it as a draft.",
            "these comment lines are removed before the text is read.",
        ]
        let line = error.line + notes.count + 1
        let header = ["invalid JSON: \(error.message) at line \(line), column \(error.column)"] + notes
        return header.map { headerPrefix + $0 + "\n" }.joined() + body
    }

    /// A draft rebased after a conflict: the merged document below a header saying what the
    /// merge did, naming each field both sides changed (the user's value is in the text; the
    /// server's is in the header, so nothing is lost from sight).
    public static func withMergeHeader(_ text: String, bothChanged: [JSONMerge.Field]) -> String {
        var header = ["re-edit on top of the server's version: its changes are in, yours are on top of them."]
        if bothChanged.isEmpty {
            header.append("no field was changed on both sides.")
        } else {
            header.append("changed on both sides, yours kept below (the server's value here):")
            header += bothChanged.map { "  \($0.path): server \($0.theirs.map { JSONDiff.render($0, 60) } ?? "(removed)")" }
        }
        header += ["save to write it (you will see what changes); quit without saving to keep it as a draft.",
                   "these comment lines are removed before the text is read."]
        return header.map { headerPrefix + $0 + "\n" }.joined() + strippingHeader(text)
    }

    /// The text without the header lines at its top.
    public static func strippingHeader(_ text: String) -> String {
        var rest = Substring(text)
        while rest.hasPrefix(headerPrefix) {
            guard let newline = rest.firstIndex(of: "\n") else { return "" }
            rest = rest[rest.index(after: newline)...]
        }
        return String(rest)
    }

    /// Parses the text without its header; error positions are relative to the stripped text,
    /// which is what `withErrorHeader` expects.
    public static func parse(_ text: String) throws(JSONParseError) -> JSON {
        try JSON.parse(strippingHeader(text))
    }
}
