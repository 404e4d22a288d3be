import FuzzSupport
@testable import HyperQuery

/// nano's `$regex`: validation, compilation and its linear-time engine. The input's first line
/// is `$options`, the second the pattern, the rest the text (matched whole and line by line,
/// at most `textLimit` scalars in all, so one input's work stays small). Properties:
/// - a refused pattern is a `MangoError`: 422 for a syntax error, 400 naming the limit or the
///   unsupported construct;
/// - the answer does not depend on the order of the option letters nor on repeating them, and
///   `(?imsx)` at the start of the pattern gives what the same `$options` give;
/// - every text a pattern matches lies in its `prefixRange` (in UTF-8 byte order, as SQLite
///   compares), since the SQL keeps only rows in that range.
/// The engine's time is O(text × program) by construction; libFuzzer's `-timeout` catches an
/// input that takes longer than that would.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRegex(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let lines = fuzzLines(fuzzBytes(data, size), count: 3)
    guard lines.count >= 2 else { return 0 }
    let options = lines[0], pattern = lines[1]
    let text = String(String.UnicodeScalarView((lines.count > 2 ? lines[2] : "").unicodeScalars.prefix(textLimit)))
    let texts = [text] + text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)

    let answers = compile(pattern, options).map { regex in texts.map { regex.matchesWithoutDeadline($0) } }
    if case .failure(let error) = answers { checkRefusal(error, pattern: pattern, options: options) }
    // Whether a variant goes before the pattern is said, not guessed from its text: options
    // "(?i)" (refused) doubled are "(?i)(?i)", which is not an inline group to put before it.
    var variants = [(String(options.reversed()), inline: false), (options + options, inline: false)]
    if !options.isEmpty, options.allSatisfy({ "imsx".contains($0) }) { variants.append(("(?\(options))", inline: true)) }
    for (variant, inline) in variants {
        let other = compile(inline ? variant + pattern : pattern, inline ? "" : variant)
            .map { regex in texts.map { regex.matchesWithoutDeadline($0) } }
        switch (answers, other) {
        case (.success(let a), .success(let b)):
            require(a == b, "options \(excerpt(options)) and \(excerpt(variant)) answer \(a) and \(b) for \(excerpt(pattern))")
        case (.failure, .failure):
            break
        default:
            require(false, "options \(excerpt(options)) and \(excerpt(variant)) disagree on refusing \(excerpt(pattern))")
        }
    }

    guard case .success(let regex) = compile(pattern, options), let (low, high) = regex.prefixRange else { return 0 }
    for text in texts where regex.matchesWithoutDeadline(text) {
        let bytes = Array(text.utf8)
        require(!bytes.lexicographicallyPrecedes(low.utf8) && bytes.lexicographicallyPrecedes(high.utf8),
                "\(excerpt(pattern)) matches \(excerpt(text)) outside its prefix range [\(excerpt(low)), \(excerpt(high)))")
    }
    return 0
}

/// Scalars of text per input: with programs of up to `MangoLimits.regexProgram` instructions
/// and a few compilations per input, a longer text would only slow the fuzzer down.
private let textLimit = 256

private func compile(_ pattern: String, _ options: String) -> Result<MangoRegex, MangoError> {
    Result { () throws(MangoError) in try MangoRegex(pattern: pattern, options: options) }
}

private func checkRefusal(_ error: MangoError, pattern: String, options: String) {
    switch error.status {
    case 422:
        require(error.message.contains("$regex") || error.message.contains("$options"), "422 without naming $regex: \(error.message)")
    case 400:
        require(["over the limit of", "does not support"].contains(where: error.message.contains),
                "400 naming neither a limit nor what is unsupported: \(excerpt(error.message))")
    default:
        require(false, "status \(error.status) for \(excerpt(pattern)) with options \(excerpt(options)): \(error.message)")
    }
}

extension MangoRegex {
    /// `matches` without a deadline never throws.
    fileprivate func matchesWithoutDeadline(_ text: String) -> Bool {
        (try? matches(text, deadline: nil)) ?? false
    }
}
