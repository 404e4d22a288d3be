import HyperJSON
import HyperModel
import Testing
@testable import HyperStore

@Suite struct JSONDiffTests {
    @Test func linesPerPath() {
        let old: JSON = ["_id": "m1", "title": "x", "info": ["year": 1999, "tags": ["a", "b"]], "gone": true]
        let new: JSON = ["_id": "m1", "title": "y", "info": ["year": 1999, "tags": ["a"], "rating": 5], "extra": nil]
        #expect(JSONDiff.lines(from: old, to: new) == [
            "~ title: \"x\" → \"y\"",
            "- info.tags.1",
            "+ info.rating: 5",
            "- gone",
            "+ extra: null",
        ])
    }

    @Test func sameDocumentInAnotherKeyOrderHasNoChanges() {
        #expect(JSONDiff.changes(from: ["a": 1, "b": [1, 2]], to: ["b": [1, 2], "a": 1.0]).isEmpty)
    }

    @Test func typeChangesAndScalarsAreOneChange() {
        #expect(JSONDiff.lines(from: ["a": ["b": 1]], to: ["a": [1]]) == ["~ a: {\"b\":1} → [1]"])
        #expect(JSONDiff.lines(from: 1, to: "1") == ["~ (document): 1 → \"1\""])
        #expect(JSONDiff.lines(from: [], to: [["x": 1]]) == ["+ 0: {\"x\":1}"])
    }

    @Test func oddKeysAreQuotedAndLongValuesCut() {
        let long = String(repeating: "z", count: 100)
        #expect(JSONDiff.lines(from: [:], to: ["a.b": 1, "": 2]) == ["+ \"a.b\": 1", "+ \"\": 2"])
        let line = JSONDiff.lines(from: ["s": ""], to: ["s": .string(long)], maxValueLength: 10)[0]
        #expect(line == "~ s: \"\" → \"zzzzzzzz…")
    }
}
