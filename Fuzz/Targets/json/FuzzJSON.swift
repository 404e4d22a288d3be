import FuzzSupport
import HyperJSON

/// The JSON parser and printer on arbitrary bytes. Properties:
/// - a refused input is a `JSONParseError` whose position lies inside the input;
/// - an accepted value nests at most `JSONParseLimits.maximumDepth` levels; under tighter
///   limits (as nano parses bodies) the same input is accepted exactly when it keeps to them,
///   as the same value, and refused naming the limit otherwise;
/// - compact and pretty output parse back to an equal value, and compact output is a fixed
///   point (printing what it parses to gives the same bytes);
/// - output is valid UTF-8 holding no terminal control character (pretty output: no other than
///   its own line feeds);
/// - the String entry point agrees with the bytes entry point.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    let value: JSON
    do {
        value = try JSON.parse(bytes)
    } catch {
        require(error.offset >= 0 && error.offset <= bytes.count, "error offset \(error.offset) outside \(bytes.count) bytes")
        require(error.line >= 1 && error.column >= 1 && !error.message.isEmpty, "malformed error \(error)")
        if let text = String(validating: bytes, as: UTF8.self) {
            require((try? JSON.parse(text)) == nil, "the String entry point accepts what the bytes one refused")
        }
        return 0
    }
    let (depth, longestNumber) = measure(bytes)
    require(depth <= JSONParseLimits().maximumDepth, "accepted a text nested \(depth) levels")
    checkTightLimits(bytes, value, depth: depth, longestNumber: longestNumber)
    if let text = String(validating: bytes, as: UTF8.self) {
        require((try? JSON.parse(text)) == value, "the String entry point disagrees with the bytes one")
    }

    let compact = value.compactBytes
    guard let compactText = String(validating: compact, as: UTF8.self) else {
        require(false, "compact output is not UTF-8")
        return 0
    }
    require(!compactText.unicodeScalars.contains(where: TerminalText.isControl),
            "compact output holds a control character: \(excerpt(compactText))")
    guard let reparsed = try? JSON.parse(compact) else {
        require(false, "compact output does not parse: \(excerpt(compactText))")
        return 0
    }
    require(reparsed == value, "compact round trip changed the value: \(excerpt(compactText))")
    require(reparsed.compactBytes == compact, "compact output is not a fixed point: \(excerpt(compactText))")

    let pretty = value.pretty()
    require(!pretty.unicodeScalars.contains { $0 != "\n" && TerminalText.isControl($0) },
            "pretty output holds a control character: \(excerpt(pretty))")
    require((try? JSON.parse(pretty)) == value, "pretty round trip changed the value: \(excerpt(pretty))")
    return 0
}

/// Limits a fuzzed input reaches easily (nano's are 512 levels and a few hundred characters).
private let tight = JSONParseLimits(maximumDepth: 6, maximumNumberLength: 12)

private func checkTightLimits(_ bytes: [UInt8], _ value: JSON, depth: Int, longestNumber: Int) {
    let keeps = depth <= tight.maximumDepth && longestNumber <= tight.maximumNumberLength
    do {
        let limited = try JSON.parse(bytes, limits: tight)
        require(keeps, "accepted \(depth) levels and a number of \(longestNumber) characters")
        require(limited == value, "the limits changed the value")
    } catch {
        require(!keeps, "refused what keeps to the limits: \(error)")
        require(error.message.contains("deeper than \(tight.maximumDepth)")
                    || error.message.contains("over the limit of \(tight.maximumNumberLength)"),
                "a refusal not naming the limit: \(error)")
    }
}

/// Levels of arrays and objects, and the longest number literal, in the text of a valid
/// document (not in its value: a repeated key drops its first value, which the limits saw).
private func measure(_ bytes: [UInt8]) -> (depth: Int, longestNumber: Int) {
    var depth = 0, deepest = 0, number = 0, longestNumber = 0
    var inString = false, escaped = false
    for byte in bytes {
        if inString {
            if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
            continue
        }
        switch byte {
        case UInt8(ascii: "\""): inString = true
        case UInt8(ascii: "["), UInt8(ascii: "{"):
            depth += 1
            deepest = max(deepest, depth)
        case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
        default: break
        }
        // Outside strings, only numbers hold digits, signs, dots and exponents.
        number = "0123456789+-.eE".utf8.contains(byte) ? number + 1 : 0
        longestNumber = max(longestNumber, number)
    }
    return (deepest, longestNumber)
}
