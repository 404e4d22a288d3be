extension Connection {
    /// Whether `text` carries credentials (`KEY:SECRET@`: a `:` with an `@` after it). Such
    /// text is always a connection string, however malformed, and never a saved connection's
    /// name: an error naming "no saved connection 'key:secret@host'" would show the secret.
    public static func holdsCredentials(_ text: String) -> Bool {
        guard let colon = text.firstIndex(of: ":") else { return false }
        return text[colon...].contains("@")
    }

    /// `text`, a connection string that may not even parse, with its secret replaced by `****`:
    /// for every message, log and history that echoes what the user typed. The secret is all
    /// of the user-info after its first `:` up to the LAST `@` (a secret may itself hold `/`,
    /// `?`, `#` or `@`, as base64 secrets do). Without any `@`, everything after the first `:`
    /// goes unless a port number follows it: `http://key:secret/x` was typed without a host.
    /// Errs on the side of masking too much. (A secret holding `@` typed without a host cannot
    /// be told from `KEY:SECRET@HOST`: its end is taken for the host.)
    public static func redact(_ text: String) -> String {
        let (credentialsStart, schemeColon) = credentialsStart(text)
        if let at = text.lastIndex(of: "@"), at >= credentialsStart {
            let userInfo = text[credentialsStart..<at]
            // `key:/secret@host` looks like the scheme `key:/`: then its `:` starts the secret.
            guard let colon = userInfo.firstIndex(of: ":") ?? schemeColon else { return text }
            return String(text[...colon]) + "****" + text[at...]
        }
        let rest = text[credentialsStart...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        // The first `:` after the host name (an IPv6 host's own colons are inside brackets).
        let hostEnd = authority.hasPrefix("[") ? authority.firstIndex(of: "]") ?? authority.endIndex : authority.startIndex
        if let colon = authority[hostEnd...].firstIndex(of: ":") {
            let port = authority[authority.index(after: colon)...]
            if port.isEmpty || !port.allSatisfy({ $0.isASCII && $0.isNumber }) { return String(text[...colon]) + "****" }
            return text
        }
        // `key:/secret`: what looked like a scheme was a key, unless it names one of ours.
        if let schemeColon, !["http", "https", "cloud"].contains(text[..<schemeColon].lowercased()) {
            return String(text[...schemeColon]) + "****"
        }
        return text
    }

    /// Where credentials could begin: after `scheme://`, or after what was meant as a scheme
    /// (`http:/`, `htp:///`, `http//`), else at the start. `schemeColon` is the `:` of such a
    /// malformed scheme (nil for `scheme://` and for none).
    private static func credentialsStart(_ text: String) -> (String.Index, schemeColon: String.Index?) {
        let name = text.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }
        guard let first = name.first, first.isLetter else { return (text.startIndex, nil) }
        let after = text[name.endIndex...]
        if after.hasPrefix("://") { return (after.dropFirst().drop(while: { $0 == "/" }).startIndex, nil) }
        if after.hasPrefix(":/") {
            return (after.dropFirst().drop(while: { $0 == "/" }).startIndex, name.endIndex)
        }
        if after.hasPrefix("//") { return (after.drop(while: { $0 == "/" }).startIndex, nil) }
        return (text.startIndex, nil)
    }
}
