/// Connection strings as people mistype them, each carrying a secret, for the tests that no
/// message ever shows a secret: every combination of a (mis)spelled scheme, a secret holding
/// the characters that cut masking short before (`/ ? # @ :`), and a broken or missing host.
/// Every secret is made of the chunks in `secretChunks`: finding any of them in an output
/// means some of a secret leaked.
public enum MalformedConnectionStrings {
    public static let secretChunks = ["Qz7v", "Xk9w"]

    static let secrets = [
        "Qz7vXk9w", "Qz7v/Xk9w", "Qz7v?Xk9w", "Qz7v#Xk9w", "Qz7v@Xk9w", "Qz7v:Xk9w", "Qz7v%2FXk9w",
        "Qz7v+Xk9w==", "/Qz7vXk9w", "Qz7v//Xk9w/", "Qz7v Xk9w",
    ]
    static let schemes = [
        "http://", "https://", "cloud://", "htp:/", "http:/", "http//", "http:", "", "htp://", "HTTP://",
        "ftp://", "http:///", " http://",
    ]
    static let hosts = [
        "@host", "@@host", "@", "@host:99999", "@host:x", "@ho st", "@[::1", "@host/a/b", "@host?x=1",
        "@host#f", "@127.0.0.1:6363/dom/extra", "", "/x", "?q",
    ]

    /// Every combination (about 2,000), in a fixed order; the issue's own examples first. Left
    /// out: a secret holding `@` with no host after it, which is `KEY:SECRET@HOST` to anyone.
    public static let all: [String] = [
        "htp:/key:topsecretQz7vXk9w@@host", "http:/key:Qz7vXk9w@host/x", "http//key:Qz7vXk9w@host",
        "key:Qz7vXk9w@host/x", "http://key:Qz7v/Xk9w@host/x",
    ] + schemes.flatMap { scheme in
        secrets.flatMap { secret in
            hosts.filter { $0.hasPrefix("@") || !secret.contains("@") }.map { host in scheme + "key:" + secret + host }
        }
    }
}
