import Testing
import HyperJSON

@Suite("JSON printer")
struct JSONPrinterTests {
    static let corpus = [
        #"{"_id":"movie-1","title":"Dune","year":1965,"rating":8.25,"tags":["sf","classic"],"meta":{"seen":true,"by":null}}"#,
        #"[]"#,
        #"{}"#,
        #"[[],[{}],{"a":[1,[2,[3]]]}]"#,
        #"{"esc":"quote \" backslash \\ newline \n tab \t bell \u0007 del \u007f","cjk":"日本語","emoji":"🚀"}"#,
        #"{"big":123456789012345678901234567890,"neg":-1.5e-7,"zero":0}"#,
    ]

    @Test(arguments: corpus)
    func compactRoundTripsExactly(text: String) throws {
        let json = try JSON.parse(text)
        #expect(json.compact == text)
        #expect(try JSON.parse(json.compact) == json)
    }

    @Test(arguments: corpus)
    func prettyRoundTripsToTheSameValue(text: String) throws {
        let json = try JSON.parse(text)
        let pretty = json.pretty()
        #expect(try JSON.parse(pretty) == json)
        #expect(try JSON.parse(pretty).compact == text)
    }

    @Test func prettyLayout() throws {
        let json = try JSON.parse(#"{"b":[1,{"c":null}],"a":{},"d":[]}"#)
        #expect(json.pretty() == """
            {
              "b": [
                1,
                {
                  "c": null
                }
              ],
              "a": {},
              "d": []
            }
            """)
    }

    @Test func controlCharactersAreEscapedOnOutput() {
        let json: JSON = ["s": .string("\u{1B}[31mred\u{0}")]
        #expect(json.compact == #"{"s":"\u001b[31mred\u0000"}"#)
    }

    @Test func literalsBuildOrderedObjects() {
        let json: JSON = ["z": 1, "a": [true, nil, 2.5, "x"]]
        #expect(json.compact == #"{"z":1,"a":[true,null,2.5,"x"]}"#)
    }

    @Test func pathsAndSubscripts() throws {
        var json = try JSON.parse(#"{"a":{"b":[10,{"c":"deep"}]}}"#)
        #expect(json.value(atPath: "a.b.1.c") == "deep")
        #expect(json.value(atPath: "a.b.0") == 10)
        #expect(json.value(atPath: "a.x") == nil)
        #expect(json.value(atPath: "a.b.7") == nil)
        json["new"] = "value"
        #expect(json.compact == #"{"a":{"b":[10,{"c":"deep"}]},"new":"value"}"#)
    }

    @Test func doublesPrintWithoutNoise() {
        #expect(JSON(0.1).compact == "0.1")
        #expect(JSON(3.0).compact == "3")
        #expect(JSON(Double.nan).compact == "null")
    }
}
