import Testing
import HyperJSON

@Suite("JSON parser")
struct JSONParserTests {
    @Test func objectsKeepServerKeyOrder() throws {
        let json = try JSON.parse(#"{"zeta":1,"alpha":2,"_id":"x","mid":{"b":1,"a":2}}"#)
        #expect(json.objectValue.map { Array($0.keys) } == ["zeta", "alpha", "_id", "mid"])
        #expect(json["mid"]?.objectValue.map { Array($0.keys) } == ["b", "a"])
    }

    @Test func numbersKeepTheirText() throws {
        let text = #"[0.1,1.10,12345678901234567890123,-0,1e400,2.5E-3]"#
        let json = try JSON.parse(text)
        #expect(json.compact == text)
        #expect(json[0]?.doubleValue == 0.1)
        #expect(json[2]?.numberValue?.text == "12345678901234567890123")
        #expect(json[2]?.intValue == nil)
    }

    @Test func numbersCompareByValue() throws {
        #expect(try JSON.parse("1.0") == JSON.parse("1"))
        #expect(try JSON.parse("1e2") == JSON(100))
        #expect(try JSON.parse("1.5") != JSON.parse("1"))
    }

    @Test func unicodeEscapesAndSurrogatePairs() throws {
        let json = try JSON.parse(#"["\u00e9\u4e2d","\ud83d\ude80","\n\t\"\\\/","日本語 🚀 مرحبا"]"#)
        #expect(json[0]?.stringValue == "é中")
        #expect(json[1]?.stringValue == "🚀")
        #expect(json[2]?.stringValue == "\n\t\"\\/")
        #expect(json[3]?.stringValue == "日本語 🚀 مرحبا")
    }

    @Test func literalsAndEmptyContainers() throws {
        #expect(try JSON.parse(" [true,false,null,{},[]] ") == [true, false, nil, JSON.object([:]), []])
        #expect(try JSON.parse("\u{FEFF}{}") == .object([:]))
    }

    @Test func deepNestingWithinTheLimitIsAccepted() throws {
        let depth = 500
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        var value = try JSON.parse(text)
        var levels = 0
        while let inner = value.arrayValue {
            levels += 1
            guard let first = inner.first else { break }
            value = first
        }
        #expect(levels == depth)
    }

    /// A client reads whatever a server sends: number literals are unbounded by default and keep
    /// their text; a server may bound them (nano: 400 characters), refusing at the literal.
    @Test func numberLengthIsUnboundedByDefaultAndBoundedOnRequest() throws {
        let digits = String(repeating: "7", count: 10_000)
        #expect(try JSON.parse("[\(digits)]") == .array([.number(JSONNumber(text: digits))]))
        let limits = JSONParseLimits(maximumNumberLength: 400)
        let longest = "-" + String(repeating: "1", count: 395) + "e-12"
        #expect(try JSON.parse("{\"n\":\(longest)}", limits: limits)["n"]?.numberValue?.text == longest)
        do {
            _ = try JSON.parse("{\"n\": 1" + String(repeating: "0", count: 400) + "}", limits: limits)
            Issue.record("a 401-character number was accepted")
        } catch {
            #expect(error.message == "number of 401 characters, over the limit of 400")
            #expect(error.column == 7)
        }
    }

    @Test func depthIsBoundedAsAsked() throws {
        let limits = JSONParseLimits(maximumDepth: 3)
        #expect(try JSON.parse("[[[1]]]", limits: limits) == [[[1]]])
        #expect(throws: JSONParseError.self) { try JSON.parse("[[[[1]]]]", limits: limits) }
        #expect(throws: JSONParseError.self) { try JSON.parse(String(repeating: "[", count: 513) + String(repeating: "]", count: 513)) }
    }

    @Test func nestingBeyondTheLimitIsAnErrorNotACrash() {
        let text = String(repeating: "[", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSON.parse(text) }
    }

    @Test(arguments: [
        ("", 1, 1, "unexpected end of input"),
        ("{\"a\":1,}", 1, 8, "expected a string key"),
        ("{\"a\" 1}", 1, 6, "expected ':'"),
        ("[1,2] x", 1, 7, "after the value"),
        ("{\n  \"a\": tru\n}", 2, 8, "invalid literal"),
        ("[01]", 1, 3, "leading zero"),
        ("[1.]", 1, 4, "after '.'"),
        ("\"abc", 1, 5, "unterminated string"),
        ("\"a\u{01}\"", 1, 3, "control character"),
        ("\"\\x\"", 1, 2, "invalid escape"),
        ("\"\\ud800\"", 1, 8, "lone high surrogate"),
        ("\"\\udc00\"", 1, 8, "lone low surrogate"),
        ("[\"é\", nul]", 1, 7, "invalid literal"),
        ("{\"a\":1}}", 1, 8, "after the value"),
        ("[1 2]", 1, 4, "expected ',' or ']' in an array, found '2'"),
        ("{\"a\":1 2}", 1, 8, "expected ',' or '}' in an object, found '2'"),
        ("[1", 1, 3, "unexpected end of input in an array"),
        ("{\"a\":1", 1, 7, "unexpected end of input in an object"),
        ("[[],{}", 1, 7, "unexpected end of input in an array"),
    ])
    func invalidInputReportsLineAndColumn(text: String, line: Int, column: Int, fragment: String) {
        do {
            _ = try JSON.parse(text)
            Issue.record("expected \(text.debugDescription) to be rejected")
        } catch {
            #expect(error.line == line, "\(error)")
            #expect(error.column == column, "\(error)")
            #expect(error.message.contains(fragment), "\(error)")
        }
    }

    @Test func invalidUTF8IsRejected() {
        let bytes: [UInt8] = [0x22, 0xFF, 0xFE, 0x22]
        #expect(throws: JSONParseError.self) { try JSON.parse(bytes) }
    }
}

/// `JSON.elementRanges(ofArray:into:)`: the elements of an array text, delimited without parsing.
@Suite struct JSONArrayElementsTests {
    private func elements(_ text: String) -> [String]? {
        let bytes = Array(text.utf8)
        // left over from another array: emptied first
        var ranges = [0..<1, 2..<3]
        let found = bytes.withUnsafeBytes { raw in JSON.elementRanges(ofArray: raw, into: &ranges) }
        return found ? ranges.map { String(decoding: bytes[$0], as: UTF8.self) } : nil
    }

    @Test func delimitsEveryKindOfValue() {
        #expect(elements("[]") == [])
        #expect(elements(" [ ] ") == [])
        #expect(elements(#"["a",1,-2.5e3,true,null]"#) == [#""a""#, "1", "-2.5e3", "true", "null"])
        #expect(elements(#"[{"a":[1,"]"]},[[],{}],"x\"],y"]"#) == [#"{"a":[1,"]"]}"#, "[[],{}]", #""x\"],y""#])
        #expect(elements("[ 1 , \"é\" ,\n{\"k\" : \"v\"} ]") == ["1", "\"é\"", "{\"k\" : \"v\"}"])
        // what the printer writes reads back the same
        let value: JSON = ["t", 1, ["nested": ["a", ["b"]]], .null, "quote \" and \\ and \u{1b}"]
        #expect(elements(value.compact)?.compactMap { try? JSON.parse($0) } == value.arrayValue)
    }

    @Test func refusesWhatIsNotOneArray() {
        for text in ["", "{}", "1", "[", "[1", "[1,", #"["a]"#, "[1] 2", "[1 2]", "[,]", "[{]"] {
            #expect(elements(text) == nil, "\(text)")
        }
    }
}
