import Foundation
import HyperClient
import HyperJSON
import HyperModel
import HyperSession
import HyperStore
import Testing

@Suite("drafts and conflict checks")
struct DraftTests {
    @Test func editCommitWritesTheChange() async throws {
        try await SessionHarness.with { harness in
            let session = try harness.session()
            let draft = try await session.beginEdit(.data, id: "movie-0001")
            let attributes = try FileManager.default.attributesOfItem(atPath: draft.textPath)
            #expect((attributes[.posixPermissions] as? Int) == 0o600)
            #expect(draft.textPath.hasPrefix(harness.locations.draftsDirectory))
            #expect(try session.evaluateDraft(draft) == .unchanged)

            var edited = try #require(draft.base)
            edited["title"] = "Edited"
            try edited.pretty().write(toFile: draft.textPath, atomically: true, encoding: .utf8)
            guard case .changed(let document, let diff) = try session.evaluateDraft(draft) else {
                Issue.record("expected a change"); return
            }
            #expect(diff.count == 1 && diff[0].hasPrefix("~ title"))
            guard case .written = try await session.commitDraft(draft, document: document) else {
                Issue.record("expected written"); return
            }
            #expect(try await harness.otherClient().data.get("movie-0001")["title"] == "Edited")
            #expect(try session.pendingDrafts().isEmpty)
            await session.close()
        }
    }

    @Test func aChangeMadeMeanwhileIsAConflict() async throws {
        try await SessionHarness.with { harness in
            let session = try harness.session()
            let other = try harness.otherClient()
            let draft = try await session.beginEdit(.data, id: "movie-0003")
            var theirs = try await other.data.get("movie-0003")
            theirs["title"] = "Theirs"
            _ = try await other.data.update("movie-0003", theirs)

            var mine = try #require(draft.base)
            mine["title"] = "Mine"
            guard case .conflict(let conflict) = try await session.commitDraft(draft, document: mine) else {
                Issue.record("the conflict was not detected"); return
            }
            #expect(conflict.current?["title"] == "Theirs" && conflict.base == draft.base && conflict.proposed == mine)
            #expect(try await other.data.get("movie-0003")["title"] == "Theirs")
            #expect(try session.pendingDrafts().map(\.id) == [draft.id])

            // Re-edit on top: the next commit checks against their version, and passes.
            let rebased = try session.rebaseDraft(draft, onto: conflict)
            guard case .written = try await session.commitDraft(rebased, document: mine) else {
                Issue.record("expected written after rebase"); return
            }
            #expect(try await other.data.get("movie-0003")["title"] == "Mine")
            await session.close()
        }
    }

    /// Re-edit merges: the rebased draft holds their change with mine on top, the fields both
    /// changed named above it; what evaluate reads is that merge (issue 11.5).
    @Test func aRebasedDraftHoldsTheirChangesWithMineOnTop() async throws {
        try await SessionHarness.with { harness in
            let session = try harness.session()
            let other = try harness.otherClient()
            let draft = try await session.beginEdit(.data, id: "movie-0004")
            var theirs = try await other.data.get("movie-0004")
            theirs["title"] = "Theirs"
            theirs["year"] = 1234
            _ = try await other.data.update("movie-0004", theirs)
            var mine = try #require(draft.base?.objectValue)
            mine["title"] = "Mine"
            mine["rating"] = 9.5
            guard case .conflict(let conflict) = try await session.commitDraft(draft, document: .object(mine)) else {
                Issue.record("the conflict was not detected"); return
            }
            let rebased = try session.rebaseDraft(draft, onto: conflict)
            let text = try String(contentsOfFile: rebased.textPath, encoding: .utf8)
            #expect(text.contains("// hyper-vision:   title: server \"Theirs\""))
            guard case .changed(let merged, let diff) = try session.evaluateDraft(rebased) else {
                Issue.record("the merge is a change to write"); return
            }
            #expect(merged["title"] == "Mine" && merged["year"] == 1234 && merged["rating"] == 9.5)
            #expect(diff.contains { $0.hasPrefix("~ title") } && !diff.contains { $0.contains("year") }, "\(diff)")
            guard case .written = try await session.commitDraft(rebased, document: merged) else {
                Issue.record("expected written after rebase"); return
            }
            let saved = try await other.data.get("movie-0004")
            #expect(saved["title"] == "Mine" && saved["year"] == 1234 && saved["rating"] == 9.5)
            await session.close()
        }
    }

    @Test func overwriteSkipsTheCheck() async throws {
        try await SessionHarness.with { harness in
            let session = try harness.session()
            let other = try harness.otherClient()
            let draft = try await session.beginEdit(.cache, id: "config-app")
            _ = try await other.cache.set(key: "config-app", value: ["name": "theirs"])
            let mine: JSON = ["name": "mine"]
            guard case .conflict = try await session.commitDraft(draft, document: mine) else {
                Issue.record("the conflict was not detected"); return
            }
            guard case .written = try await session.commitDraft(draft, document: mine, overwrite: true) else {
                Issue.record("expected written"); return
            }
            #expect(try await other.cache.get("config-app") == mine)
            await session.close()
        }
    }

    @Test func invalidJSONKeepsTheUsersTextBelowTheError() async throws {
        try await SessionHarness.with { harness in
            let session = try harness.session()
            let draft = try await session.beginEdit(.data, id: "movie-0001")
            let typed = "{\n  \"_id\": \"movie-0001\",\n  \"title\": \"oops\n}\n"
            try typed.write(toFile: draft.textPath, atomically: true, encoding: .utf8)
            guard case .invalid(let message) = try session.evaluateDraft(draft) else {
                Issue.record("expected invalid"); return
            }
            #expect(message.contains("line"))
            let reopened = try String(contentsOfFile: draft.textPath, encoding: .utf8)
            #expect(reopened.hasPrefix(DraftText.headerPrefix))
            #expect(reopened.hasSuffix(typed))
            // Fixed in the editor, header still on top: it parses.
            let fixed = reopened.replacingOccurrences(of: "\"oops\n", with: "\"fixed\"\n")
            try fixed.write(toFile: draft.textPath, atomically: true, encoding: .utf8)
            guard case .changed(let document, _) = try session.evaluateDraft(draft) else {
                Issue.record("expected changed"); return
            }
            #expect(document["title"] == "fixed")
            await session.close()
        }
    }

    @Test func aChangedIDIsRefused() async throws {
        try await SessionHarness.with { harness in
            let session = try harness.session()
            let draft = try await session.beginEdit(.data, id: "movie-0001")
            var doc = try #require(draft.base)
            doc["_id"] = "movie-9999"
            try doc.pretty().write(toFile: draft.textPath, atomically: true, encoding: .utf8)
            #expect(try session.evaluateDraft(draft) == .idChanged(from: "movie-0001", to: "movie-9999"))
            #expect(try session.pendingDrafts().first?.note?.contains("_id") == true)
            await session.close()
        }
    }

    @Test func draftsSurviveTheSession() async throws {
        try await SessionHarness.with { harness in
            var session: AppSession? = try harness.session()
            let draft = try await session!.beginEdit(.data, id: "movie-0001")
            try "{\"_id\": \"movie-0001\", \"half\": ".write(toFile: draft.textPath, atomically: true, encoding: .utf8)
            await session!.close()
            session = nil

            let next = try harness.session()
            let waiting = try next.pendingDrafts()
            #expect(waiting.map(\.id) == [draft.id])
            #expect(try next.drafts.text(of: waiting[0]).contains("\"half\""))
            await next.close()
        }
    }

    @Test func addFromTemplates() async throws {
        try await SessionHarness.with { harness in
            let session = try harness.session()
            let other = try harness.otherClient()
            let data = try session.beginAdd(.data)
            #expect(try session.drafts.text(of: data).contains("\"_id\": \"\""))
            guard case .written(let receipt) = try await session.commitDraft(data, document: ["_id": "", "type": "note"]) else {
                Issue.record("expected written"); return
            }
            let id = receipt.action.target
            #expect(!id.isEmpty)
            #expect(try await other.data.get(id)["type"] == "note")

            let cache = try session.beginAdd(.cache)
            _ = try await session.commitDraft(cache, document: ["key": "fresh-key", "value": ["a": 1], "ttl": nil])
            #expect(try await other.cache.get("fresh-key") == ["a": 1])

            let search = try session.beginAdd(.search)
            _ = try await session.commitDraft(search, document: ["key": "doc-x", "doc": ["title": "Xyzzy", "type": "movie"]])
            #expect(try await other.search.get("doc-x")["doc"]?["title"] == "Xyzzy")

            await #expect(throws: SessionError.self) {
                try await session.commitDraft(try session.beginAdd(.cache), document: ["value": 1])
            }
            // Undo of an add removes it.
            try await session.undoLast()
            await #expect(throws: HyperError.self) { try await other.search.get("doc-x") }
            await session.close()
        }
    }
}
