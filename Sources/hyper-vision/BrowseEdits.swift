import HyperClient
import HyperSession
import HyperStore
import VisionCore

/// The browser's edit requests, carried out by the app's HyperSession (drafts, journal, conflict
/// check, undo): the worker only translates them into answers.
enum BrowseEdits {
    /// Whether `request` is one of the session's (as opposed to a plain read).
    static func handles(_ request: Request) -> Bool {
        switch request {
        case .beginEdit, .beginAdd, .reviewDraft, .commitDraft, .rebaseDraft, .write, .undoLast, .undo,
             .journal, .drafts, .discardDraft, .clearCache, .find:
            true
        default:
            false
        }
    }

    static func run(_ request: Request, session: AppSession) async throws -> Response {
        let response = try await answer(request, session: session)
        // What went wrong with local bookkeeping is said with the write it concerns.
        guard case .written(let done, let failures, _) = response else { return response }
        return .written(done: done, failures: failures, warnings: session.takeProblems().map(\.description))
    }

    private static func answer(_ request: Request, session: AppSession) async throws -> Response {
        switch request {
        case .beginEdit(let target):
            return .draft(try await session.beginEdit(target.service, id: target.id))
        case .beginAdd(let service):
            return .draft(try session.beginAdd(service))
        case .reviewDraft(let draft):
            return .draftReview(draft, try session.evaluateDraft(draft))
        case .commitDraft(let draft, let document, let overwrite):
            switch try await session.commitDraft(draft, document: document, overwrite: overwrite) {
            case .written(let receipt): return .written(done: [receipt.action.summary], failures: [])
            case .conflict(let conflict): return .conflict(draft, conflict)
            }
        case .rebaseDraft(let draft, let conflict):
            return .draft(try session.rebaseDraft(draft, onto: conflict))
        case .write(let actions):
            var done: [String] = []
            var failures: [String] = []
            for action in actions {
                try Task.checkCancellation()
                do {
                    done.append(try await session.write(action).action.summary)
                } catch {
                    // Nothing reached the server: the rest would fail the same way.
                    if error.isOffline && done.isEmpty { throw error }
                    failures.append("\(action.target): \(error.description)")
                }
            }
            return .written(done: done, failures: failures)
        case .undoLast:
            return .written(done: ["undo: " + (try await session.undoLast()).action.summary], failures: [])
        case .undo(let entryID):
            return .written(done: ["undo: " + (try await session.undo(entryID: entryID)).action.summary], failures: [])
        case .journal:
            return .journal(try session.journalEntries())   // newest first
        case .drafts:
            return .drafts(try session.pendingDrafts())
        case .discardDraft(let draft):
            try session.discardDraft(draft)
            return .discarded(draft)
        case .find(let text):
            return .found(text: text, hits: try session.find(text))
        case .clearCache:
            try session.clearCache()
            return .cacheCleared
        default:
            throw SessionError.invalidDocument("not an edit request")
        }
    }
}
