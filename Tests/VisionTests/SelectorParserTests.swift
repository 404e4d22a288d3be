import HyperJSON
import Testing
@testable import VisionCore

@Suite struct SelectorParserTests {
    @Test func shorthandBuildsMangoOperators() throws {
        let selector = try SelectorParser.parse("type=movie year>1984 title~^Back")
        #expect(selector == ["type": "movie", "year": ["$gt": 1984], "title": ["$regex": "^Back"]])
    }

    @Test func shorthandMergesOperatorsOnOneField() throws {
        let selector = try SelectorParser.parse("year>=1980 year<1990 done=true note!=null")
        #expect(selector == ["year": ["$gte": 1980, "$lt": 1990], "done": true, "note": ["$ne": nil]])
    }

    @Test func quotedValuesKeepSpaces() throws {
        #expect(try SelectorParser.parse("title=\"Back to the Future\"") == ["title": "Back to the Future"])
    }

    @Test func jsonSelectorIsTakenAsIs() throws {
        let selector = try SelectorParser.parse(#"{"type":"movie","year":{"$gt":1984}}"#)
        #expect(selector == ["type": "movie", "year": ["$gt": 1984]])
    }

    @Test func emptyMeansEverything() throws {
        #expect(try SelectorParser.parse("   ") == .object([:]))
    }

    @Test func badInputSaysWhatIsWrong() {
        #expect(throws: SelectorParser.Failure.self) { try SelectorParser.parse("{\"type\":") }
        #expect(throws: SelectorParser.Failure(message: "'movie' is not field=value (operators: = != > >= < <= ~)")) {
            try SelectorParser.parse("movie")
        }
        #expect(throws: SelectorParser.Failure(message: "unclosed double quote")) { try SelectorParser.parse("a=\"x") }
    }
}
