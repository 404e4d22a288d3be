import BrowserDriver
import Foundation
import HyperJSON
import Testing
import VisionCore

/// Two writers on one document, each in a browser against nano (issue 11.5): the conflict is
/// shown field by field, and re-editing rebases the user's changes onto the other writer's.
@Suite("browser: edit conflicts between two writers", .serialized) @MainActor
struct ConflictTests {
    static let secret = "s3cret-conflict-3307"

    /// Writer B saves a document while writer A has it open; A gets B's version with A's edits
    /// on top, and the saved document keeps both.
    static func conflict(_ nano: BrowserFixture, mine: @escaping (inout JSONObject) -> Void,
                         theirs: @escaping (inout JSONObject) -> Void) async throws -> (BrowserApp, id: String, base: JSON) {
        let a = try await nano.open(), b = try await nano.open()
        let id = try #require(a.state.data.docs.first?["_id"]?.stringValue)
        let base = try await nano.client().data.get(id)
        a.whenEditing { path in try DraftFile.edit(path, mine) }
        try await a.press("e").waitIdle()
        #expect(a.screen.contains("Write data \(id)?"))
        b.whenEditing { path in try DraftFile.edit(path, theirs) }
        try await b.press("e").waitIdle().press("y").waitIdle()
        #expect(b.screen.contains("done: update data \(id)"))
        try await a.press("y").waitIdle()
        return (a, id, base)
    }

    @Test func reEditKeepsTheOtherWritersChange() async throws {
        try await BrowserFixture.with(secret: Self.secret) { nano in
            let (app, id, base) = try await Self.conflict(nano, mine: { $0["year"] = 1111 }, theirs: { $0["title"] = "Theirs" })
            let screen = app.screen
            #expect(screen.contains("data \(id) changed on the server since your edit began"), "\(screen)")
            #expect(screen.contains("title  changed on the server: re-edit keeps it") && screen.contains("\"Theirs\""))
            #expect(screen.contains("year  changed by you") && screen.contains("1111"))
            #expect(screen.contains("started from") && screen.contains(base["title"]!.compact))
            #expect(try await nano.client().data.get(id)["year"] != 1111, "nothing was written before the user chose")

            var draft = ""
            app.whenEditing { path in draft = try String(contentsOfFile: path, encoding: .utf8) }
            try await app.press("r").waitIdle()
            #expect(draft.contains("// hyper-vision: re-edit on top of the server's version"))
            #expect(draft.contains("no field was changed on both sides"))
            #expect(app.screen.contains("Write data \(id)?") && app.screen.contains("year: "), "\(app.screen)")
            #expect(!app.screen.contains("~ title") && !app.screen.contains("+ title"),
                    "the confirm diff is from the server's version: only my change")
            try await app.press("y").waitIdle()
            let saved = try await nano.client().data.get(id)
            #expect(saved["title"] == "Theirs" && saved["year"] == 1111, "\(saved)")
        }
    }

    /// Both changed the title: the dialog marks it; re-edit keeps mine and names theirs at the
    /// top of the file (comment lines the draft reader strips); their other change stays.
    @Test func aFieldBothChangedIsMarkedAndNamed() async throws {
        try await BrowserFixture.with(secret: Self.secret) { nano in
            let (app, id, _) = try await Self.conflict(nano, mine: { $0["title"] = "Mine"; $0["rating"] = 9 },
                                                       theirs: { $0["title"] = "Theirs"; $0["year"] = 1234 })
            #expect(app.screen.contains("⚠ title  changed on both sides"), "\(app.screen)")
            #expect(app.role(of: "⚠ title") == .error)
            var header: [String] = []
            var body = JSON.null
            app.whenEditing { path in
                header = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
                    .filter { $0.hasPrefix("// hyper-vision: ") }
                body = try DraftFile.document(path)
            }
            try await app.press("r").waitIdle()
            #expect(header.contains("// hyper-vision:   title: server \"Theirs\""), "\(header)")
            #expect(body["title"] == "Mine" && body["year"] == 1234 && body["rating"] == 9, "\(body)")
            try await app.press("y").waitIdle()
            let saved = try await nano.client().data.get(id)
            #expect(saved["title"] == "Mine" && saved["year"] == 1234 && saved["rating"] == 9, "\(saved)")
        }
    }
}
