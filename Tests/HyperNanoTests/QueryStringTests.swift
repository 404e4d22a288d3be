import HummingbirdCore
import Testing
@testable import HyperNano

/// nano's query parse (`QueryString`) reads queries as Hummingbird's `URI` does, but for the one
/// case it keeps as sent: a value whose escapes decode to bytes that are not UTF-8 (Hummingbird
/// makes them replacement characters).
@Suite struct QueryStringTests {
    @Test func parametersAreHummingbirdsInOrder() {
        var queries = ["", "a", "a=", "=a", "a=1", "a=1&b=2", "a=1&a=2", "&a=1", "a=1&", "a&&b=", "&&", "a=b=c",
                       "keys=a,b&limit=1", "keys=a%2Cb", "k%65ys=a", "a=%zz", "a=%2", "a=%", "a=x+y", "a=%20b%2F%C3%A9",
                       "é=ü&日本=語", "a=1#fragment", "a=1#x&b=2", "a=%E6%97%A5"]
        // every short query over an alphabet of the separators, a letter and an escape's parts
        let alphabet = ["&", "=", "a", "%", "4", "1"]
        var pending = [""]
        for _ in 0..<4 {
            pending = pending.flatMap { prefix in alphabet.map { prefix + $0 } }
            queries += pending
        }
        for query in queries {
            let target = "/data/test?\(query)"
            let ours = QueryString.query(ofTarget: target[...]).map(QueryString.parameters) ?? []
            let hummingbirds = URI(target).queryParameters.map { (name: $0.key, value: $0.value) }
            #expect(ours.map(\.name) == hummingbirds.map(\.name), "\(query)")
            for (ours, hummingbirds) in zip(ours, hummingbirds) {
                if hummingbirds.value.contains("\u{FFFD}") {
                    // where Hummingbird's decoding made replacement characters: the value as sent
                    #expect(ours.value.contains("%") && query.contains("\(ours.name)=\(ours.value)"), "\(query)")
                } else {
                    #expect(ours.value == hummingbirds.value, "\(query)")
                }
            }
        }
    }

    @Test func theQueryRunsFromTheFirstQuestionMarkToAFragment() {
        #expect(QueryString.query(ofTarget: "/data/test") == nil)
        #expect(QueryString.query(ofTarget: "/data/test?") == "")
        #expect(QueryString.query(ofTarget: "/data/test?a=1?b=2#c?d") == "a=1?b=2")
        #expect(QueryString.query(ofTarget: "/data/t%C3%A9st?keys=é#") == "keys=é")
    }

    /// Hummingbird decodes such a value with replacement characters; nano keeps what was sent,
    /// as hyper's query parser does when decoding fails.
    @Test func aValueThatDecodesToBytesThatAreNotUTF8IsKeptAsSent() {
        #expect(QueryString.parameters("keys=%FF,a").map(\.value) == ["%FF,a"])
        #expect(QueryString.parameters("keys=%C3").map(\.value) == ["%C3"])
    }
}
