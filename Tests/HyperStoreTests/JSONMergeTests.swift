import HyperJSON
import Testing
@testable import HyperStore

/// Three-way, field-level comparison and merge after an edit conflict (issue 11.5).
@Suite struct JSONMergeTests {
    let base: JSON = ["_id": "m1", "title": "Dune", "year": 1965, "rating": 8,
                      "director": ["name": "Lynch", "born": 1946], "tags": ["a"]]

    /// They changed the title and the director's birth year; you changed the year and the
    /// director's name and added a field: everything is kept, nothing collides.
    @Test func changesOnDifferentFieldsAreAllKept() {
        var theirs = base, yours = base
        theirs["title"] = "Dune (1984)"
        theirs["director"] = ["name": "Lynch", "born": 1947]
        yours["year"] = 1984
        yours["director"] = ["name": "David Lynch", "born": 1946]
        yours["seen"] = true
        let merged = JSONMerge.merge(base: base, theirs: theirs, yours: yours)
        #expect(merged.bothChanged.isEmpty)
        #expect(merged.document == ["_id": "m1", "title": "Dune (1984)", "year": 1984, "rating": 8,
                                    "director": ["name": "David Lynch", "born": 1947], "tags": ["a"], "seen": true])
        let fields = JSONMerge.fields(base: base, theirs: theirs, yours: yours)
        #expect(fields.changed.map(\.path) == ["title", "year", "director.name", "director.born", "seen"])
        #expect(fields.changed.map(\.theyChanged) == [true, false, false, true, false])
        #expect(fields.changed.map(\.youChanged) == [false, true, true, false, true])
        #expect(fields.unchanged == ["_id", "rating", "tags"])
    }

    /// Both changed the title differently: yours is kept and the field is named; both removed
    /// or both set the same way is no conflict; they removed a field you changed: yours.
    @Test func fieldsBothChangedTakeYoursAndAreNamed() {
        var theirs = base, yours = base
        theirs["title"] = "Theirs"; yours["title"] = "Mine"
        theirs["rating"] = 9; yours["rating"] = 9
        theirs["tags"] = nil; yours["tags"] = nil
        theirs["year"] = nil; yours["year"] = 2000
        let merged = JSONMerge.merge(base: base, theirs: theirs, yours: yours)
        #expect(merged.bothChanged.map(\.path) == ["title", "year"])
        #expect(merged.bothChanged[0].theirs == "Theirs" && merged.bothChanged[0].yours == "Mine")
        #expect(merged.bothChanged.allSatisfy { $0.bothChanged })
        #expect(merged.document["title"] == "Mine" && merged.document["rating"] == 9)
        #expect(merged.document["tags"] == nil && merged.document["year"] == 2000)
        let rating = JSONMerge.fields(base: base, theirs: theirs, yours: yours).changed.first { $0.path == "rating" }
        #expect(rating?.theyChanged == true && rating?.youChanged == true && rating?.bothChanged == false)
    }

    /// A field you removed goes even though they kept it; one they removed stays removed when
    /// you did not touch it. Arrays are one field; key order and number spelling are no change.
    @Test func removalsArraysAndSpellings() throws {
        var theirs = base, yours = base
        yours["rating"] = nil
        theirs["year"] = nil
        theirs["tags"] = ["a", "b"]; yours["tags"] = ["a", "c"]
        yours["director"] = try JSON.parse(#"{"born": 1946.0, "name": "Lynch"}"#)
        let merged = JSONMerge.merge(base: base, theirs: theirs, yours: yours)
        #expect(merged.document["rating"] == nil && merged.document["year"] == nil)
        #expect(merged.bothChanged.map(\.path) == ["tags"] && merged.document["tags"] == ["a", "c"])
        #expect(merged.document["director"] == base["director"], "a respelling of theirs is not a change of yours")
    }

    /// A key with a dot is quoted in paths, as JSONDiff writes it.
    @Test func pathsAreWrittenAsJSONDiffWritesThem() {
        let base: JSON = ["a.b": 1, "n": ["x y": 1]]
        let theirs: JSON = ["a.b": 2, "n": ["x y": 1]], yours: JSON = ["a.b": 1, "n": ["x y": 2]]
        #expect(JSONMerge.fields(base: base, theirs: theirs, yours: yours).changed.map(\.path) == [#""a.b""#, #"n."x y""#])
    }

    /// The draft's header names what both changed with the server's value, and the draft
    /// reader strips it.
    @Test func theMergeHeaderIsStrippedWhenRead() throws {
        var theirs = base, yours = base
        theirs["title"] = "Theirs"; yours["title"] = "Mine"
        let merged = JSONMerge.merge(base: base, theirs: theirs, yours: yours)
        let text = DraftText.withMergeHeader(merged.document.pretty() + "\n", bothChanged: merged.bothChanged)
        #expect(text.contains("// hyper-vision:   title: server \"Theirs\"\n"))
        #expect(try DraftText.parse(text) == merged.document)
        #expect(DraftText.withMergeHeader(text, bothChanged: []).components(separatedBy: "title: server").count == 1,
                "a new header replaces the old one")
    }
}
