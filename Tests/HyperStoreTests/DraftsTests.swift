import Foundation
import HyperJSON
import HyperModel
import Testing
@testable import HyperStore

@Suite struct DraftsTests {
    let folder = TempFolder()
    let clock = TestClock()
    var directory: String { folder.file("state/hyper-vision/drafts") }
    let base: JSON = ["_id": "movie-1", "title": "Dune", "year": 2021]

    @Test func aDraftIsOnDiskAsPrettyJSONBeforeTheEditorStarts() throws {
        let drafts = try Drafts(directory: directory, now: clock.now)
        let draft = try drafts.create(app: testApp, service: .data, documentID: "movie-1", base: base)
        #expect(try String(contentsOfFile: draft.textPath, encoding: .utf8) == base.pretty() + "\n")
        #expect(draft.textPath.hasPrefix(directory + "/") && draft.textPath.hasSuffix(".json"))
        #expect(draft.textPath.contains("movie-1"))
        #expect(permissions(directory) == 0o700)
        for file in folder.allFiles() { #expect(permissions(file) == 0o600, "\(file)") }
        #expect(folder.allFiles().count == 2)
    }

    @Test func draftsSurviveTheProcessThatMadeThem() throws {
        let id: String
        let typed = "{\"_id\": \"movie-1\", \"title\": \"Dune, half ty"
        do {
            let drafts = try Drafts(directory: directory, now: clock.now)
            let draft = try drafts.create(app: testApp, service: .data, documentID: "movie-1", base: base)
            // The editor saved half a document, then everything was killed.
            try typed.write(toFile: draft.textPath, atomically: false, encoding: .utf8)
            id = draft.id
        }
        let reopened = try Drafts(directory: directory, now: clock.now)
        let waiting = try reopened.list(app: testApp)
        #expect(waiting.map(\.id) == [id])
        let draft = waiting[0]
        #expect(draft.base == base && draft.documentID == "movie-1" && draft.service == .data)
        #expect(try reopened.text(of: draft) == typed)
        #expect(try reopened.list(app: otherApp).isEmpty)
    }

    @Test func listsOldestFirstAndKeepsNotes() throws {
        let drafts = try Drafts(directory: directory, now: clock.now)
        let first = try drafts.create(app: testApp, service: .data, documentID: "movie-1", base: base)
        clock.advance(5)
        let second = try drafts.create(app: otherApp, service: .cache, documentID: nil, base: nil, template: ["value": [:]])
        #expect(try drafts.list().map(\.id) == [first.id, second.id])
        #expect(second.initial == ["value": [:]] && second.base == nil)

        let noted = try drafts.setNote("server unreachable", for: first)
        #expect(noted.updated == first.created.addingTimeInterval(5))
        #expect(try drafts.draft(id: first.id)?.note == "server unreachable")
        try drafts.setNote(nil, for: noted)
        #expect(try drafts.draft(id: first.id)?.note == nil)
        #expect(try drafts.draft(id: "../escape") == nil)
    }

    @Test func damagedMetadataHidesNoOtherDraftAndKeepsTheText() throws {
        let drafts = try Drafts(directory: directory, now: clock.now)
        let broken = try drafts.create(app: testApp, service: .data, documentID: "movie-1", base: base)
        let fine = try drafts.create(app: testApp, service: .data, documentID: "movie-2", base: base)
        try "{ not json".write(toFile: directory + "/" + broken.id + ".meta.json", atomically: true, encoding: .utf8)
        // A text file whose metadata never got written (killed in between).
        try "{\"typed\": true}".write(toFile: directory + "/20260101-000000-data-x-1.json", atomically: true, encoding: .utf8)
        #expect(try drafts.list().map(\.id) == [fine.id])
        #expect(throws: StoreError.self) { try drafts.draft(id: broken.id) }
        #expect(try drafts.damaged() == [directory + "/20260101-000000-data-x-1.json", broken.textPath])
        #expect(FileManager.default.fileExists(atPath: broken.textPath))
    }

    @Test func discardAndMarkWrittenRemoveTheFiles() throws {
        let drafts = try Drafts(directory: directory, now: clock.now)
        let a = try drafts.create(app: testApp, service: .data, documentID: "movie-1", base: base)
        let b = try drafts.create(app: testApp, service: .data, documentID: "movie-2", base: base)
        try drafts.discard(a)
        try drafts.markWritten(b)
        #expect(try drafts.list().isEmpty)
        #expect(folder.allFiles().isEmpty)
        try drafts.discard(a)   // already gone: nothing to do
    }

    @Test func evaluateTellsUnchangedInvalidRefusedAndChanged() throws {
        let drafts = try Drafts(directory: directory, now: clock.now)
        let draft = try drafts.create(app: testApp, service: .data, documentID: "movie-1", base: base)
        #expect(try drafts.evaluate(draft) == .unchanged)
        // Reformatting or reordering keys is not a change.
        #expect(Drafts.evaluate(text: "{\"year\":2021,\"title\":\"Dune\",\"_id\":\"movie-1\"}", draft: draft) == .unchanged)
        guard case .invalid(let error) = Drafts.evaluate(text: "{\n  \"_id\": \"movie-1\",\n  \"title\": Dune\n}", draft: draft) else {
            Issue.record("invalid JSON must be reported"); return
        }
        #expect(error.line == 3)
        #expect(Drafts.evaluate(text: "{\"_id\": \"movie-2\", \"title\": \"Dune\"}", draft: draft)
                == .idChanged(from: "movie-1", to: "movie-2"))
        #expect(Drafts.evaluate(text: "{\"title\": \"Dune\"}", draft: draft) == .idChanged(from: "movie-1", to: nil))
        try drafts.save(text: "{\"_id\": \"movie-1\", \"title\": \"Dune Messiah\", \"year\": 2021}", to: draft)
        #expect(try drafts.evaluate(draft) == .changed(["_id": "movie-1", "title": "Dune Messiah", "year": 2021]))
    }

    @Test func rebaseMovesTheDraftOntoTheServersVersion() throws {
        let drafts = try Drafts(directory: directory, now: clock.now)
        let draft = try drafts.create(app: testApp, service: .data, documentID: "movie-1", base: base)
        let newer: JSON = ["_id": "movie-1", "title": "Dune (2021)", "year": 2021]
        let rebased = try drafts.rebase(draft, onto: newer, text: newer.pretty())
        #expect(try drafts.draft(id: draft.id)?.base == newer)
        #expect(try drafts.text(of: rebased) == newer.pretty())
    }
}

@Suite struct DraftTextTests {
    @Test func errorHeaderSitsOnTopAndKeepsTheTextIntact() throws {
        let text = "{\n  \"title\": Dune\n}\n"
        var caught: JSONParseError?
        do { _ = try DraftText.parse(text) } catch { caught = error }
        let error = try #require(caught)
        let reopened = DraftText.withErrorHeader(text, error: error)
        let lines = reopened.split(separator: "\n", omittingEmptySubsequences: false)
        let headerCount = lines.prefix { $0.hasPrefix(DraftText.headerPrefix) }.count
        #expect(headerCount >= 1)
        #expect(reopened.hasSuffix(text))
        #expect(DraftText.strippingHeader(reopened) == text)
        // The line named is where the error is in the editor, header included.
        #expect(lines[0].contains("line \(error.line + headerCount), column \(error.column)"))
        #expect(String(lines[error.line + headerCount - 1]).contains("Dune"))

        // Reopening again replaces the header instead of stacking another.
        var again: JSONParseError?
        do { _ = try DraftText.parse(reopened) } catch { again = error }
        #expect(again == error)
        let twice = DraftText.withErrorHeader(reopened, error: try #require(again))
        #expect(twice == reopened)

        // Once fixed, the header is dropped before parsing.
        let fixed = reopened.replacingOccurrences(of: "Dune", with: "\"Dune\"")
        #expect(try DraftText.parse(fixed) == ["title": "Dune"])
    }

    @Test func textWithoutHeaderIsUntouched() {
        #expect(DraftText.strippingHeader("// my own comment\n{}") == "// my own comment\n{}")
        #expect(DraftText.strippingHeader(DraftText.headerPrefix + "only a header") == "")
    }
}
