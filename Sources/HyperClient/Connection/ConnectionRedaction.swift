extension Connection {
    /// Whether `text` carries credentials (`KEY:SECRET@`: a `:` with an `@` after it). Such
    /// text is always a connection string, however malformed, and never a saved connection's
    /// name: an error naming "no saved connection 'key:secret@host'" would show the secret.
    public static func holdsCredentials(_ text: String) -> Bool {
        let scalars = text.unicodeScalars
        guard let colon = scalars.firstIndex(of: ":") else { return false }
        return scalars[colon...].contains("@")
    }

    /// A word the user typed, as it may be shown: with its secret masked when it carries
    /// credentials (`redact`), else as it is.
    public static func masked(_ word: String) -> String { holdsCredentials(word) ? redact(word) : word }

    /// `text`, a connection string that may not even parse, with its secret replaced by `****`:
    /// for every message, log and history that echoes what the user typed. The secret is all
    /// of the user-info after its first `:` up to the LAST `@` (a secret may itself hold `/`,
    /// `?`, `#` or `@`, as base64 secrets do). Without any `@`, everything after the first `:`
    /// goes unless a port number follows it: `http://key:secret/x` was typed without a host.
    /// Errs on the side of masking too much. (A secret holding `@` typed without a host cannot
    /// be told from `KEY:SECRET@HOST`: its end is taken for the host.)
    ///
    /// It works on Unicode scalars: an `@` or `:` followed by a combining mark is one Character
    /// with it, and a search by Character would miss it and leave the secret unmasked.
    public static func redact(_ text: String) -> String {
        let scalars = text.unicodeScalars
        let (credentialsStart, schemeColon) = credentialsStart(scalars)
        if let at = scalars.lastIndex(of: "@"), at >= credentialsStart {
            let userInfo = scalars[credentialsStart..<at]
            // `key:/secret@host` looks like the scheme `key:/`: then its `:` starts the secret.
            guard let colon = userInfo.firstIndex(of: ":") ?? schemeColon else { return text }
            return String(scalars[...colon]) + "****" + String(scalars[at...])
        }
        let authority = scalars[credentialsStart...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        // The first `:` after the host name (an IPv6 host's own colons are inside brackets).
        let hostEnd = authority.first == "[" ? authority.firstIndex(of: "]") ?? authority.endIndex : authority.startIndex
        if let colon = authority[hostEnd...].firstIndex(of: ":") {
            let port = authority[authority.index(after: colon)...]
            if port.isEmpty || !port.allSatisfy(isDigit) { return String(scalars[...colon]) + "****" }
            return text
        }
        // `key:/secret`: what looked like a scheme was a key, unless it names one of ours.
        if let schemeColon, !["http", "https", "cloud"].contains(String(scalars[..<schemeColon]).lowercased()) {
            return String(scalars[...schemeColon]) + "****"
        }
        return text
    }

    /// Where credentials could begin: after `scheme://`, or after what was meant as a scheme
    /// (`http:/`, `htp:///`, `http//`), else at the start. `schemeColon` is the `:` of such a
    /// malformed scheme (nil for `scheme://` and for none).
    private static func credentialsStart(_ scalars: String.UnicodeScalarView) -> (String.Index, schemeColon: String.Index?) {
        let name = scalars.prefix { isASCIILetter($0) || isDigit($0) || "+-.".unicodeScalars.contains($0) }
        guard let first = name.first, isASCIILetter(first) else { return (scalars.startIndex, nil) }
        let after = scalars[name.endIndex...]
        if after.starts(with: "://".unicodeScalars) { return (after.dropFirst().drop(while: { $0 == "/" }).startIndex, nil) }
        if after.starts(with: ":/".unicodeScalars) {
            return (after.dropFirst().drop(while: { $0 == "/" }).startIndex, name.endIndex)
        }
        if after.starts(with: "//".unicodeScalars) { return (after.drop(while: { $0 == "/" }).startIndex, nil) }
        return (scalars.startIndex, nil)
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    private static func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }
}
