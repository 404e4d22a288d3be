import HyperClient
import HyperJSON
import HyperSession
import HyperStore

/// Writes and page reads through the app's session, like the browser: writes are journaled
/// before they are sent (so `hyper-vision journal` lists them and cached pages follow them) and
/// read pages land in the page cache. The printed JSON and the exit codes are the plain
/// client's: only the local bookkeeping is added.
extension ConnectionOptions {
    /// Journals and sends `action`, then prints the server's answer. `plain` sends the same
    /// request without a session, when the local store cannot be opened.
    func printWrite(_ action: WriteAction, plain: (HyperClient) async throws -> JSON) async throws {
        output.print(try await writeAnswer(action, plain: plain))
    }

    /// The server's answer to `action`, journaled as in `printWrite`, not printed (a transfer
    /// meter is erased first); `progress` follows an upload's bytes.
    func writeAnswer(_ action: WriteAction, progress: ProgressHandler? = nil,
                     plain: (HyperClient) async throws -> JSON) async throws -> JSON {
        try await answer(writes: true, plain: plain) { session in
            try await Self.mappingFailure { () throws(SessionError) in
                try await session.write(action, progress: progress).answer
            }
        }
    }

    /// Reads `page` through the page cache (the cached copy is not printed: a script wants the
    /// server's answer) and prints the server's answer; `plain` as in `printWrite`. The session
    /// yields a document read as the document itself; `serverAnswer` wraps it back the way the
    /// server sent it, where that differs (search's `{ok, key, doc}`).
    func printRead(_ page: PageRequest, serverAnswer: @escaping (JSON) -> JSON = { $0 },
                   plain: (HyperClient) async throws -> JSON) async throws {
        output.print(try await answer(writes: false, plain: plain) { session in
            for await update in session.read(page) {
                switch update {
                case .cached(let answer, _) where offline: return serverAnswer(answer)
                case .cached: continue
                case .fresh(let answer): return serverAnswer(answer)
                case .failed(let error): throw error
                case .offline where offline:
                    throw CLIFailure(message: "offline (--offline): this page is not in the local cache", exitCode: Self.networkExitCode)
                case .offline(let reason): throw CLIFailure(message: reason, exitCode: Self.networkExitCode)
                }
            }
            // The stream always ends with one of the above; reaching here means it was cancelled.
            throw CLIFailure(message: "cancelled", exitCode: Self.networkExitCode)
        })
    }

    /// Undoes journal entry `entryID`, or the app's newest undoable write, and prints the undo's
    /// own journal entry (a line as `hyper-vision journal` prints it). Without a journal there
    /// is nothing to undo, so a store that cannot be opened is an error here; so is an entry
    /// that cannot be undone (exit 1, like `journal`).
    func printUndo(entryID: Int64?) async throws {
        let (connection, clientOptions) = try clientSettings(writes: true)
        let session = try SessionCLI.run { () throws(SessionError) in try openSession(connection, clientOptions) }
        let receipt = try await Self.closing(session) { session in
            do throws(SessionError) {
                return if let entryID { try await session.undo(entryID: entryID) } else { try await session.undoLast() }
            } catch {
                if case .store = error { throw CLIFailure(message: error.description, exitCode: 1) }
                throw Self.failure(error)
            }
        }
        output.print((try? session.journal.entry(receipt.entryID))?.json ?? ["id": JSON(Int(receipt.entryID))])
    }

    private static var networkExitCode: Int32 { HyperError.network(reason: "").exitCode }

    /// What a command that needs the server says under `--offline`.
    static var offlineFailure: CLIFailure { CLIFailure(message: SessionError.offlineMode.description, exitCode: networkExitCode) }

    /// The answer `body` gets through a session, or `plain` gets when the local store cannot be
    /// opened: the command then works as before, without journal or cache (said nowhere:
    /// stdout is the answer alone).
    private func answer(writes: Bool, plain: (HyperClient) async throws -> JSON,
                        through body: (AppSession) async throws -> JSON) async throws -> JSON {
        let (connection, clientOptions) = try clientSettings(writes: writes)
        guard let session = try? openSession(connection, clientOptions) else {
            // Without the local store there is no cache to answer from.
            if offline { throw Self.offlineFailure }
            return try await plain(HyperClient(connection: connection, options: clientOptions))
        }
        return try await Self.closing(session, body)
    }

    /// What `body` gets from `session`, which is closed whatever happens.
    private static func closing<T>(_ session: AppSession, _ body: (AppSession) async throws -> T) async throws -> T {
        let outcome: Result<T, any Error>
        do { outcome = .success(try await body(session)) } catch { outcome = .failure(error) }
        await session.close()
        return try outcome.get()
    }

    /// A session on the local store (in offline mode under `--offline`).
    private func openSession(_ connection: Connection, _ options: ClientOptions) throws(SessionError) -> AppSession {
        let store = try LocalStore(locations: SessionCLI.locations)
        return try AppSession(connection: connection, options: options, store: store, offlineMode: offline)
    }

    /// Runs `body`, turning a session error into the error the plain client path would have
    /// reported for the same outcome.
    private static func mappingFailure<T>(_ body: () async throws(SessionError) -> T) async throws -> T {
        do throws(SessionError) { return try await body() } catch { throw failure(error) }
    }

    private static func failure(_ error: SessionError) -> any Error {
        switch error {
        case .server(let hyper): hyper
        case .readOnly(let reason): CLIFailure.usage("read-only: \(reason)")
        case .offlineMode: offlineFailure
        // The journal or cache folder failed, the connection names no app, or (undo) there is
        // nothing to undo: local setup, not the server.
        case .store, .invalidConnection, .invalidDocument: CLIFailure.usage(error.description)
        }
    }
}
