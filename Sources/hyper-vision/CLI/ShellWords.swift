import Foundation
import HyperClient

/// Arguments written back as a command line a user can paste: each a word a POSIX shell reads
/// back as it was (in single quotes unless it holds only characters no shell treats
/// specially), a connection string's secret and a `--token`'s value masked, since the line is
/// shown on screen.
enum ShellWords {
    static func line(_ arguments: [String]) -> String {
        var words: [String] = []
        var previous: String?
        for argument in arguments {
            let shown = if previous == "--token" {
                "****"
            } else if argument.hasPrefix("--token=") {
                "--token=****"
            } else {
                Connection.masked(argument)
            }
            words.append(quoted(shown))
            previous = argument
        }
        return words.joined(separator: " ")
    }

    private static func quoted(_ word: String) -> String {
        if !word.isEmpty && word.unicodeScalars.allSatisfy(plain.contains) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }

    private static let plain = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=@%+,".unicodeScalars)
}
