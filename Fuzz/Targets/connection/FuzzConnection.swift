import FuzzSupport
import HyperClient

/// Connection strings. The input, cut at its first two line feeds into P, S and H, gives
/// `P + "key:Qz7v" + S + "Xk9w@" + H`: a secret (with whatever S holds: `/ ? # @ :`) planted
/// among a fuzzed scheme, key prefix and host. Properties:
/// - `Connection.redact` and every refusal's message show neither end of the secret;
/// - an accepted string's printed forms (description, debug, mirror) show them only where the
///   parser put them in a part that is not the secret (a path `/` in P makes them the domain);
/// - the whole input as a string parses or is refused with a message, never traps; a parsed
///   connection builds its URLs, refusing them only when it names no domain.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConnection(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    let raw = String(decoding: bytes, as: UTF8.self)
    switch Result(catching: { () throws(ConnectionError) in try Connection.parse(raw) }) {
    case .success(let connection):
        // A URL is built for every accepted string, or refused only when it names no domain.
        do throws(HyperError) {
            _ = try connection.url(.data, path: ["a/b"], query: [("q", "1")])
        } catch {
            require(connection.domain.isEmpty, "a URL refused with domain '\(connection.domain)': \(error)")
        }
    case .failure(let error): require(error.description.hasPrefix("invalid connection string"), "\(error)")
    }

    let fields = fuzzLines(bytes, count: 3)
    let prefix = fields[0], middle = fields.count > 1 ? fields[1] : "", host = fields.count > 2 ? fields[2] : ""
    guard !shows(prefix), !shows(host) else { return 0 }
    let text = prefix + "key:" + secretStart + middle + secretEnd + "@" + host

    require(!shows(Connection.redact(text)), "redact shows the secret: \(excerpt(text)) -> \(excerpt(Connection.redact(text)))")
    switch Result(catching: { () throws(ConnectionError) in try Connection.parse(text) }) {
    case .failure(let error):
        require(!shows(error.description), "the message shows the secret: \(excerpt(error.description))")
    case .success(let connection):
        let publicParts = [connection.host, connection.app ?? "", connection.domain, connection.key ?? ""].joined(separator: " ")
        var dumped = ""
        dump(connection, to: &dumped)
        for printed in [connection.description, connection.debugDescription, String(reflecting: connection), dumped] {
            for chunk in [secretStart, secretEnd] where printed.contains(chunk) {
                require(publicParts.contains(chunk), "printed the secret: \(excerpt(text)) -> \(excerpt(printed))")
            }
        }
    }
    return 0
}

/// The planted secret starts and ends with these (as in the test suite's malformed strings).
private let secretStart = "Qz7v"
private let secretEnd = "Xk9w"

private func shows(_ text: String) -> Bool { text.contains(secretStart) || text.contains(secretEnd) }
