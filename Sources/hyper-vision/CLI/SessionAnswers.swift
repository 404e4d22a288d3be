import HyperClient
import HyperJSON
import HyperModel
import HyperSession
import HyperStore

/// Writes and page reads through the app's session, like the browser: writes are journaled
/// before they are sent (so `hyper-vision journal` lists them and cached pages follow them) and
/// read pages land in the page cache. The printed JSON and the exit codes are the server's:
/// only the local bookkeeping is added. A part of local state that cannot be used is said on
/// stderr (`warning: ...`, naming the file) and the command goes on without it.
extension CLIOptions {
    /// Journals and sends `action`, then prints the server's answer.
    func printWrite(_ action: WriteAction) async throws {
        output.print(try await writeAnswer(action))
    }

    /// The server's answer to `action`, journaled as in `printWrite`, not printed; `meter`
    /// follows an upload's bytes and is erased before any warning is printed.
    func writeAnswer(_ action: WriteAction, meter: ProgressMeter? = nil) async throws -> JSON {
        try await withSession(writes: true, finishing: meter) { session in try await Self.write(action, session, meter: meter) }
    }

    /// Replaces document `id` of `service` with `input` (items alone go on top of the server's
    /// current document: `DocumentInput.replacement`), journaled, and prints the answer. A cache
    /// set is an upsert: a key not there yet gets the items alone; a document update of one that
    /// is not there is the server's 404. `ttl` is the cache key's.
    ///
    /// Items alone are written only over the version they were put on: a write by someone else
    /// between the read and the write (hyper has no conditional write; `AppSession.update`
    /// compares just before writing) puts them on the new version instead, up to
    /// `mergeAttempts` times, so the other write's fields are kept.
    func printReplacement(_ service: HyperService, id: String, _ input: DocumentInput, ttl: String? = nil) async throws {
        let what = service == .cache ? "value" : "document"
        output.print(try await withSession(writes: true) { session in
            for _ in 0..<Self.mergeAttempts {
                var base: JSON?? = .none
                let document = try await input.replacement(what) {
                    let current = try await Self.mappingFailure { () throws(SessionError) in
                        service == .cache ? try await session.currentDocument(service, id: id) : try await session.existingDocument(service, id: id)
                    }
                    base = .some(current)
                    return current
                }
                guard case .some(let base) = base else {
                    // A whole document or value: it replaces whatever is there.
                    let action = try await Self.mappingFailure { () throws(SessionError) in
                        try AppSession.replacement(service, id: id, document: document, ttl: ttl)
                    }
                    return try await Self.write(action, session)
                }
                let outcome = try await Self.mappingFailure { () throws(SessionError) in
                    try await session.update(service, id: id, document: document, base: base, ttl: ttl)
                }
                if case .written(let receipt) = outcome { return receipt.answer }
            }
            throw CLIFailure(message: "\(what) \(id) changed \(Self.mergeAttempts) times while the items were put on it: nothing was written",
                             exitCode: 1)
        })
    }

    /// How many versions of a document items alone are put on before giving up.
    static let mergeAttempts = 3

    /// Journals and sends `action` through `session`.
    static func write(_ action: WriteAction, _ session: AppSession, meter: ProgressMeter? = nil) async throws -> JSON {
        try await mappingFailure { () throws(SessionError) in try await session.write(action, progress: meter?.handler).answer }
    }

    /// Sends one request that is not journaled (creating and destroying services, indexes, bulk
    /// loads, enqueues, `info`) and prints the server's answer.
    func printAnswer(writes: Bool, _ request: (HyperClient) async throws -> JSON) async throws {
        if offline { throw Self.offlineFailure }
        output.print(try await withSession(writes: writes) { session in try await request(session.client) })
    }

    /// Reads `page` through the page cache (the cached copy is not printed: a script wants the
    /// server's answer) and prints the server's answer as `HyperClient.read` gives it, `shaped`
    /// for the command's own output options (`search query --limit`).
    func printRead(_ page: HyperRead, shaped: (JSON) -> JSON = { $0 }) async throws {
        output.print(shaped(try await withSession(writes: false) { session in
            // Online only the server's answer is printed, so the cache is not looked up first.
            guard offline else { return try Self.answer(await session.fetch(page)) }
            for await update in session.read(page) {
                if case .cached(let answer, _) = update { return answer }
                throw CLIFailure(message: "offline (--offline): this page is not in the local cache", exitCode: Self.networkExitCode)
            }
            // The stream always yields; reaching here means it was cancelled.
            throw CLIFailure(message: "cancelled", exitCode: Self.networkExitCode)
        }))
    }

    /// Undoes journal entry `entryID`, or the app's newest undoable write (passing over newer
    /// ones that cannot be undone), with the other writes of its action (a bulk delete), and
    /// prints each undo's own journal entry (lines as `hyper-vision journal` prints them), and
    /// on stderr what was undone in words. Without a journal there is nothing to undo, so a
    /// journal that cannot be opened is an error here, naming the file; so is an entry that
    /// cannot be undone (exit 1, like `journal`).
    func printUndo(entryID: Int64?) async throws {
        let (entries, summary) = try await withSession(writes: true) { session in
            let outcome: UndoOutcome
            do throws(SessionError) {
                outcome = if let entryID { try await session.undo(entryID: entryID) } else { try await session.undoLast() }
            } catch {
                switch error {
                case .store, .localState: throw CLIFailure(message: error.description, exitCode: 1)
                default: throw Self.failure(error)
                }
            }
            let entries = outcome.receipts.map { receipt in
                (receipt.entryID.flatMap { try? session.journalEntry($0) })?.json ?? ["id": receipt.entryID.map { JSON(Int($0)) } ?? .null]
            }
            return (entries, (text: outcome.summary, complete: outcome.failures.isEmpty))
        }
        for entry in entries { output.print(entry) }
        // Some writes of the action could not be undone: the words say which, and it is a failure.
        guard summary.complete else { throw CLIFailure(message: summary.text, exitCode: 1) }
        StandardStreams.writeError(summary.text)
    }

    /// The server's answer, or the failure the CLI reports for its absence.
    private static func answer(_ update: PageUpdate) throws -> JSON {
        switch update {
        case .cached(let answer, _), .fresh(let answer): return answer
        case .failed(let error): throw error
        case .offline(let reason): throw CLIFailure(message: reason, exitCode: networkExitCode)
        }
    }

    private static var networkExitCode: Int32 { HyperError.network(reason: "").exitCode }

    /// What a command that needs the server says under `--offline`.
    static var offlineFailure: CLIFailure { CLIFailure(message: SessionError.offlineMode.description, exitCode: networkExitCode) }

    /// What `body` gets from a session on the chosen connection (in offline mode under
    /// `--offline`), which is closed whatever happens. A command that `writes` is refused on a
    /// read-only connection before `body` runs. Problems of local state met on the way are said
    /// on stderr once the command is done (after `meter` is erased).
    func withSession<T>(writes: Bool, finishing meter: ProgressMeter? = nil,
                        _ body: (AppSession) async throws -> T) async throws -> T {
        let resolved = try connection.resolve()
        let session = AppSession(connection: resolved.connection, options: resolved.options,
                                 store: LocalStore(locations: SessionCLI.locations, access: .serial),
                                 readOnlyReason: resolved.readOnlyReason, offlineMode: offline)
        let outcome: Result<T, any Error>
        do {
            if writes { try await Self.mappingFailure { () throws(SessionError) in try session.requireWritable() } }
            outcome = .success(try await body(session))
        } catch {
            outcome = .failure(error)
        }
        await session.close()
        meter?.finish()
        for problem in session.takeProblems() { StandardStreams.writeError("warning: \(problem)") }
        return try outcome.get()
    }

    /// Runs `body`, turning a session error into the error the client would have reported for
    /// the same outcome.
    private static func mappingFailure<T>(_ body: () async throws(SessionError) -> T) async throws -> T {
        do throws(SessionError) { return try await body() } catch { throw failure(error) }
    }

    private static func failure(_ error: SessionError) -> any Error {
        switch error {
        case .server(let hyper): hyper
        case .readOnly(let reason): CLIFailure.usage("read-only (\(reason)): this command writes")
        case .offlineMode: offlineFailure
        // The journal or cache folder failed, or (undo) there is nothing to undo: local setup,
        // not the server.
        case .store, .localState, .invalidDocument: CLIFailure.usage(error.description)
        }
    }
}
