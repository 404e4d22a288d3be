import HyperJSON
import HyperModel
import Testing
@testable import VisionCore

/// The one query language of `/`, `:query` and `hyper-vision data query` (issue 12.6).
@Suite struct QueryLanguageTests {
    @Test func shorthandBuildsMangoOperators() throws {
        let query = try QueryLanguage.parse("type=movie year>1984 title~^Back")
        #expect(query.selector == ["type": "movie", "year": ["$gt": 1984], "title": ["$regex": "^Back"]])
        #expect(query.sort == nil && query.fields == nil)
    }

    @Test func shorthandMergesOperatorsOnOneField() throws {
        let query = try QueryLanguage.parse("year>=1980 year<1990 done=true note!=null")
        #expect(query.selector == ["year": ["$gte": 1980, "$lt": 1990], "done": true, "note": ["$ne": nil]])
    }

    @Test func quotedValuesKeepSpacesAndRawJSONValuesAreTakenAsIs() throws {
        #expect(try QueryLanguage.parse("title=\"Back to the Future\"").selector == ["title": "Back to the Future"])
        #expect(try QueryLanguage.parse("\"title=Back to\" year=1985").selector == ["title": "Back to", "year": 1985])
        #expect(try QueryLanguage.parse(#"year:={"$in":[1984,1985]} a.b=c"#).selector
                == ["year": ["$in": [1984, 1985]], "a.b": "c"])
    }

    /// One sort syntax: `-year`, `year:desc` and JSON mean the same, everywhere.
    @Test func sortAndFieldsHaveOneSyntax() throws {
        let descending: JSON = [["year": "DESC"], ["title": "ASC"]]
        #expect(try QueryLanguage.parse("sort=-year,title").sort == descending)
        #expect(try QueryLanguage.parse("sort=year:desc,title:asc").sort == descending)
        #expect(try QueryLanguage.sort(#"[{"year":"DESC"},{"title":"ASC"}]"#) == descending)
        #expect(try QueryLanguage.parse("fields=_id,title").fields == ["_id", "title"])
    }

    @Test func jsonIsASelectorOrAFullMangoBody() throws {
        #expect(try QueryLanguage.parse(#"{"type":"movie","year":{"$gt":1984}}"#).selector == ["type": "movie", "year": ["$gt": 1984]])
        let body = try QueryLanguage.parse(#"{"selector":{"type":"movie"},"sort":[{"year":"DESC"}],"fields":["_id"],"limit":5,"skip":2}"#)
        #expect(body == DataQuery(selector: ["type": "movie"], fields: ["_id"], sort: [["year": "DESC"]], limit: 5, skip: 2))
        // A selector on a field that happens to be called "selector" stays a selector.
        #expect(try QueryLanguage.parse(#"{"selector":"x"}"#).selector == ["selector": "x"])
        #expect(try QueryLanguage.parse(#"{"selector":{"a":1},"title":"x"}"#).selector == ["selector": ["a": 1], "title": "x"])
    }

    /// A shell's arguments are terms already: spaces inside one stay in its value.
    @Test func shellArgumentsAreTerms() throws {
        let query = try QueryLanguage.parse(terms: ["title=Back to the Future", "sort=-year"])
        #expect(query.selector == ["title": "Back to the Future"] && query.sort == [["year": "DESC"]])
    }

    @Test func emptyMeansEverything() throws {
        #expect(try QueryLanguage.parse("   ") == DataQuery(selector: .object([:])))
    }

    @Test func badInputSaysWhatIsWrong() {
        #expect(throws: QueryLanguage.Failure.self) { try QueryLanguage.parse("{\"type\":") }
        #expect(throws: QueryLanguage.Failure(message: "'movie' is not field=value (operators: = != > >= < <= ~ :=)")) {
            try QueryLanguage.parse("movie")
        }
        #expect(throws: QueryLanguage.Failure(message: "unclosed double quote")) { try QueryLanguage.parse("a=\"x") }
        #expect(throws: QueryLanguage.Failure(message: "'year:up': a sort direction is asc or desc")) {
            try QueryLanguage.parse("sort=year:up")
        }
        #expect(throws: QueryLanguage.Failure.self) { try QueryLanguage.parse(#"{"selector":{},"limit":-1}"#) }
    }

    /// `/` and `:query` are one language: the same text makes the same request, and the whole
    /// text is the query (sort and fields do not stick from the one before).
    @Test func slashAndQueryCommandMakeTheSameRequest() {
        let text = "type=movie year>1984 sort=-year fields=_id,title"
        var slash = Fixtures.loaded([])
        _ = update(&slash, .key(.char("/")))
        _ = Fixtures.keys(&slash, text)
        let bySlash = Fixtures.requests(update(&slash, .key(.enter)))
        var command = Fixtures.loaded([])
        _ = update(&command, .key(.char(":")))
        _ = Fixtures.keys(&command, "query " + text)
        let byCommand = Fixtures.requests(update(&command, .key(.enter)))
        #expect(bySlash == byCommand && bySlash.count == 1)
        guard case .read(.dataQuery(let query))? = bySlash.first else { Issue.record("\(bySlash)"); return }
        #expect(query.sort == [["year": "DESC"]] && query.fields == ["_id", "title"])

        _ = update(&slash, .key(.char("/")))
        _ = update(&slash, .key(.ctrl("u")))
        _ = Fixtures.keys(&slash, "type=book")
        guard case .read(.dataQuery(let next))? = Fixtures.requests(update(&slash, .key(.enter))).first else { return }
        #expect(next.sort == nil && next.fields == nil, "sort and fields went with the query that had them")
    }
}
