/// `a,b` style values (`--fields`, `fields=`, `--keys`): comma-separated, blanks dropped.
public enum CommaList {
    public static func split(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmed }.filter { !$0.isEmpty }
    }
}
