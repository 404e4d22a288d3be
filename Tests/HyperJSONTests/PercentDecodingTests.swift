import Foundation
import HyperJSON
import Testing

/// The one percent decoder (connection strings, nano's path segments), against Foundation's,
/// which it replaced.
@Suite("Percent decoding")
struct PercentDecodingTests {
    static let cases = [
        "test", "te%20st", "%41%62c", "caf%C3%A9", "café", "a+b", "%2Fslash%2f", "100%", "%",
        "%4", "%zz", "%G1", "%FF", "%C3", "%C3%28", "%00nul", "%E2%82%AC%20euro", "", "%%41",
    ]

    @Test(arguments: cases)
    func decodesAsFoundationDoes(_ text: String) {
        #expect(Substring(text).percentDecoded == text.removingPercentEncoding)
    }

    @Test func aBadEscapeOrBytesThatAreNotUTF8DecodeToNothing() {
        #expect(Substring("te%2").percentDecoded == nil)
        #expect(Substring("te%2x").percentDecoded == nil)
        #expect(Substring("%FF").percentDecoded == nil)
        #expect(Substring("te%20st").percentDecoded == "te st")
        #expect(Substring("a+b").percentDecoded == "a+b")
    }
}
