import ArgumentParser
import Foundation

/// A size given on the command line: bytes, or a number with a binary unit (`512K`, `256M`,
/// `2G`; `KiB`, `MB` and lower case mean the same).
struct ByteSize: ExpressibleByArgument {
    let bytes: Int64

    init?(argument: String) {
        let text = argument.trimmingCharacters(in: .whitespaces).uppercased()
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        var unit = String(text.dropFirst(digits.count))
        if unit.hasSuffix("IB") { unit.removeLast(2) } else if unit.hasSuffix("B") { unit.removeLast() }
        let shifts = ["": 0, "K": 10, "M": 20, "G": 30, "T": 40]
        guard let number = Int64(digits), number > 0, let shift = shifts[unit],
              number <= Int64.max >> shift else { return nil }
        bytes = number << shift
    }

    static var defaultValueDescription: String { "256M" }
}
