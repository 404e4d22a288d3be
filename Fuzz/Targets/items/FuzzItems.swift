import FuzzSupport
import HyperJSON

/// HTTPie items (`title=Dune year:=1965 a.b=c`) as the CLI applies them. The input is the
/// command line's items, one per line (empty lines skipped). Properties:
/// - a refused item is a `DocumentItemError` whose message stays short however long the item;
/// - an accepted item's path has 1...`maxDepth` non-empty levels, and after all items the last
///   one's value is found at its path;
/// - applying the items one at a time onto the previous result gives the same object as
///   applying them all at once, and fails exactly when that does.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzItems(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let items = fuzzLines(fuzzBytes(data, size)).filter { !$0.isEmpty }
    guard !items.isEmpty else { return 0 }

    var stepwise: Result<JSONObject, DocumentItemError> = .success([:])
    for item in items {
        if case .success(let object) = stepwise {
            stepwise = Result { () throws(DocumentItemError) in try DocumentItems.apply([item], to: object) }
        }
        checkParse(item)
    }
    let allAtOnce = Result { () throws(DocumentItemError) in try DocumentItems.apply(items, to: [:]) }
    switch (allAtOnce, stepwise) {
    case (.success(let object), .success(let other)):
        require(object == other, "one at a time gives another object: \(excerpt(JSON.object(object).compact))")
        let (path, value) = try! DocumentItems.parse(items[items.count - 1])
        require(lookup(path, in: object) == value, "the last item's value is not at its path: \(excerpt(items[items.count - 1]))")
    case (.failure(let error), .failure(let other)):
        require(error == other, "one at a time fails otherwise: \(error) / \(other)")
        requireShort(error)
    default:
        require(false, "all at once and one at a time disagree on \(items.map { excerpt($0, 60) })")
    }
    return 0
}

/// A message quotes at most 80 characters of the item; the rest is a sentence of ours.
private let longestMessage = 400

private func checkParse(_ item: String) {
    do {
        let (path, _) = try DocumentItems.parse(item)
        require((1...DocumentItems.maxDepth).contains(path.count), "a path of \(path.count) levels: \(excerpt(item))")
        require(!path.contains(where: \.isEmpty), "an empty level in \(excerpt(item))")
    } catch {
        requireShort(error)
    }
}

private func requireShort(_ error: DocumentItemError) {
    require(!error.message.isEmpty && error.message.count <= longestMessage,
            "a message of \(error.message.count) characters: \(excerpt(error.message))")
}

private func lookup(_ path: [String], in object: JSONObject) -> JSON? {
    var current = JSON.object(object)
    for key in path {
        guard let next = current.objectValue?[key] else { return nil }
        current = next
    }
    return current
}
