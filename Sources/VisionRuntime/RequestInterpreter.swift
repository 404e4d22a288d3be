import Foundation
import HyperClient
import HyperJSON
import HyperModel
import HyperSession
import VisionCore

/// Carries out the browser's requests through the app's session and posts the answers: one
/// exhaustive switch from a `Request` to the session call that performs it.
enum RequestInterpreter {
    static func run(_ request: Request, id: RequestID, session: AppSession, mailbox: Mailbox) async {
        /// Posts the response `body` computes, or why it failed.
        func respond(_ body: () async throws -> Response) async {
            do { mailbox.post(.response(id, try await body())) } catch { mailbox.post(.failed(id, describe(error))) }
        }
        let progress: ProgressHandler = { mailbox.post(.progress(id, bytes: $0.bytes, total: $0.total)) }
        switch request {
        case .read(let read):
            await PageReads.read(read, id: id, session: session, mailbox: mailbox)
        case .queueListing:
            await PageReads.readQueue(id: id, session: session, mailbox: mailbox)
        case .info:
            await respond { .info(try await session.info()) }
        case .preview(let name, let maxBytes):
            await respond { try await preview(name, maxBytes: maxBytes, session: session) }
        case .download(let name, let path):
            await respond {
                let wanted = expand(path)
                guard let target = DownloadFolder.freePath(for: wanted) else {
                    throw ErrorInfo(status: nil, message: "not downloaded: \(wanted) and 999 numbered names beside it exist")
                }
                let result = try await session.download(name: name, toFile: target, progress: progress)
                return .transferred(bytes: result.bytes, path: target, kept: target == wanted ? nil : wanted)
            }
        case .write(let actions):
            await respond { try await write(actions, session: session, progress: progress) }
        case .beginEdit(let target):
            await respond { .draft(try await session.beginEdit(target.service, id: target.id)) }
        case .beginAdd(let service):
            await respond { .draft(try session.beginAdd(service)) }
        case .reviewDraft(let draft):
            await respond { .draftReview(draft, try session.evaluateDraft(draft)) }
        case .commitDraft(let draft, let document, let overwrite):
            await respond {
                switch try await session.commitDraft(draft, document: document, overwrite: overwrite) {
                case .written(let receipt): written([receipt.action.summary], session: session)
                case .conflict(let conflict): .conflict(draft, conflict)
                }
            }
        case .rebaseDraft(let draft, let conflict):
            await respond { .draft(try session.rebaseDraft(draft, onto: conflict)) }
        case .undoLast:
            await respond { undone(try await session.undoLast(), session: session) }
        case .undo(let entryID):
            await respond { undone(try await session.undo(entryID: entryID), session: session) }
        case .journal:
            await respond { .journal(try session.journalEntries()) }   // newest first
        case .drafts:
            await respond { .drafts(try session.pendingDrafts()) }
        case .discardDraft(let draft):
            await respond {
                try session.discardDraft(draft)
                return .discarded(draft)
            }
        case .clearCache:
            await respond {
                try session.clearCache()
                return .cacheCleared
            }
        case .find(let text):
            await respond { .found(text: text, hits: try session.find(text)) }
        }
    }

    /// Journaled writes one after the other; each failure is listed, except that when nothing
    /// reached the server the first time, the rest would fail the same way. An upload's path is
    /// read as a shell would (`~/x`, relative), and its last progress report is its size.
    static func write(_ actions: [WriteAction], session: AppSession, progress: @escaping ProgressHandler) async throws -> Response {
        var done: [String] = []
        var failures: [String] = []
        // What an answer says besides ok (a client-side retry whose cancel the server ignored).
        var notes: [String] = []
        // The writes of one action are one batch in the journal: undo takes them back together.
        let batch = actions.count > 1 ? session.newBatch() : nil
        for requested in actions {
            try Task.checkCancellation()
            let action = try localPathsExpanded(requested)
            do {
                let receipt = try await session.write(action, progress: progress, batch: batch)
                done.append(receipt.action.summary)
                if let warning = receipt.answer["warning"]?.stringValue { notes.append(warning) }
                if case .storageUpload(_, let path, _) = action, let size = fileSize(path) {
                    progress(TransferProgress(bytes: size, total: size))
                }
            } catch {
                if error.isOffline && done.isEmpty { throw error }
                failures.append("\(action.target): \(describe(error).text)")
            }
        }
        return written(done, failures: failures, notes: notes, session: session)
    }

    /// Writes the server accepted, with what went wrong with local bookkeeping meanwhile (said
    /// with the write it concerns).
    private static func written(_ done: [String], failures: [String] = [], notes: [String] = [], session: AppSession) -> Response {
        .written(done: done, failures: failures, warnings: notes + session.takeProblems().map(\.description))
    }

    /// An undo, said in words (which writes it took back, which newer ones it passed over).
    private static func undone(_ outcome: UndoOutcome, session: AppSession) -> Response {
        .undone(outcome.summary, complete: outcome.failures.isEmpty, warnings: session.takeProblems().map(\.description))
    }

    private static func preview(_ name: String, maxBytes: Int64, session: AppSession) async throws -> Response {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("hyper-vision-preview-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try await session.download(name: name, toFile: file.path)
        let handle = try FileHandle(forReadingFrom: file)
        defer { try? handle.close() }
        let data = try handle.read(upToCount: Int(maxBytes)) ?? Data()
        return .preview(text: String(data: data, encoding: .utf8), bytes: result.bytes, contentType: result.contentType)
    }

    private static func localPathsExpanded(_ action: WriteAction) throws -> WriteAction {
        guard case .storageUpload(let name, let path, let contentType) = action else { return action }
        let source = expand(path)
        guard FileManager.default.isReadableFile(atPath: source) else { throw ErrorInfo(status: nil, message: "cannot read \(source)") }
        return .storageUpload(name: name, path: source, contentType: contentType)
    }

    private static func fileSize(_ path: String) -> Int64? {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value
    }

    /// `~/x` and relative paths, as a shell would read them.
    static func expand(_ path: String) -> String {
        if path.hasPrefix("~/") { return NSHomeDirectory() + String(path.dropFirst()) }
        if path.hasPrefix("/") { return path }
        return FileManager.default.currentDirectoryPath + "/" + path
    }

    /// What the user sees of a failure: status and message, never a secret or a stack trace.
    static func describe(_ error: any Error) -> ErrorInfo {
        switch error {
        case let error as SessionError:
            if case .server(let hyper) = error { return describe(hyper) }
            return ErrorInfo(status: nil, message: error.description, unreachable: error.isOffline)
        case let error as HyperError:
            switch error {
            case .hyper(let status, let msg, _): return ErrorInfo(status: status, message: msg)
            case .http(let status, let body): return ErrorInfo(status: status, message: String(body.prefix(200)))
            case .network(let reason): return ErrorInfo(status: nil, message: reason, unreachable: true)
            case .invalidResponse(let what): return ErrorInfo(status: nil, message: "unexpected answer: \(what)")
            case .answerTooLarge, .redirectedWrite, .unaddressable, .notDone: return ErrorInfo(status: error.status, message: error.description)
            case .cancelled: return ErrorInfo(status: nil, message: "cancelled")
            }
        case let error as ErrorInfo:
            return error
        case let error as CustomStringConvertible:
            return ErrorInfo(status: nil, message: error.description)
        default:
            return ErrorInfo(status: nil, message: "\(error)")
        }
    }
}
