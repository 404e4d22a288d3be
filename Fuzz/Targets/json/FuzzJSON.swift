import FuzzSupport
import HyperJSON

/// The JSON parser and printer on arbitrary bytes. Properties:
/// - a refused input is a `JSONParseError` whose position lies inside the input;
/// - an accepted value nests at most `maximumDepth` levels;
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
    require(depth(of: value) <= maximumDepth, "accepted a value nested \(depth(of: value)) levels")
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

/// The parser's documented limit (`JSONParser.maximumDepth`, internal to HyperJSON).
private let maximumDepth = 512

/// Levels of arrays and objects, counted without recursion (so a deep value cannot overflow
/// the checker's own stack).
private func depth(of value: JSON) -> Int {
    var deepest = 0
    var pending: [(JSON, Int)] = [(value, 0)]
    while let (node, level) = pending.popLast() {
        switch node {
        case .array(let elements):
            deepest = max(deepest, level + 1)
            pending.append(contentsOf: elements.map { ($0, level + 1) })
        case .object(let members):
            deepest = max(deepest, level + 1)
            pending.append(contentsOf: members.values.map { ($0, level + 1) })
        default:
            break
        }
    }
    return deepest
}
