import Foundation

/// `--fields a,b` style values: comma-separated, blanks dropped.
enum CommaList {
    static func split(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
