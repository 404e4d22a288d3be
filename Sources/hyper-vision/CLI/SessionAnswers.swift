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
    /// request without a session: when the local store cannot be opened, or when `action` is
    /// nil (a write the journal cannot name).
    func printWrite(_ action: WriteAction?, plain: (HyperClient) async throws -> JSON) async throws {
        output.print(try await writeAnswer(action, plain: plain))
    }

    /// The server's answer to `action`, journaled as in `printWrite`, not printed (a transfer
    /// meter is erased first); `progress` follows an upload's bytes.
    func writeAnswer(_ action: WriteAction?, progress: ProgressHandler? = nil,
                     plain: (HyperClient) async throws -> JSON) async throws -> JSON {
        guard let action else { return try await plain(client(writes: true)) }
        return try await answer(writes: true, plain: plain) { session in
            do throws(SessionError) {
                return try await session.write(action, progress: progress).answer
            } catch {
                throw Self.failure(error)
            }
        }
    }

    /// Reads `page` through the page cache (the cached copy is not printed: a script wants the
    /// server's answer) and prints the server's answer; `plain` as in `printWrite`.
    func printRead(_ page: PageRequest, plain: (HyperClient) async throws -> JSON) async throws {
        output.print(try await answer(writes: false, plain: plain) { session in
            for await update in session.read(page) {
                switch update {
                case .cached: continue
                case .fresh(let answer): return answer
                case .failed(let error): throw error
                case .offline(let reason): throw CLIFailure(message: reason, exitCode: Self.networkExitCode)
                }
            }
            // The stream always ends with one of the above; reaching here means it was cancelled.
            throw CLIFailure(message: "cancelled", exitCode: Self.networkExitCode)
        })
    }

    private static var networkExitCode: Int32 { HyperError.network(reason: "").exitCode }

    /// The answer `body` gets through a session, or `plain` gets when there is none.
    private func answer(writes: Bool, plain: (HyperClient) async throws -> JSON,
                        through body: (AppSession) async throws -> JSON) async throws -> JSON {
        let (connection, clientOptions) = try clientSettings(writes: writes)
        guard let session = Self.session(connection, clientOptions) else {
            return try await plain(HyperClient(connection: connection, options: clientOptions))
        }
        let outcome: Result<JSON, any Error>
        do { outcome = .success(try await body(session)) } catch { outcome = .failure(error) }
        await session.close()
        return try outcome.get()
    }

    /// A session on the local store, or nil when the store cannot be opened: the command then
    /// works as before, without journal or cache (said nowhere: stdout is the answer alone).
    private static func session(_ connection: Connection, _ options: ClientOptions) -> AppSession? {
        guard let store = try? LocalStore(locations: SessionCLI.locations) else {
            return nil
        }
        return try? AppSession(connection: connection, options: options, store: store)
    }

    /// The error the plain client path would have reported for the same outcome.
    private static func failure(_ error: SessionError) -> any Error {
        switch error {
        case .server(let hyper): hyper
        case .readOnly(let reason): CLIFailure.usage("read-only: \(reason)")
        case .offlineMode: CLIFailure(message: error.description, exitCode: networkExitCode)
        // The journal or cache folder failed, or the connection names no app: local setup.
        case .store, .invalidConnection, .invalidDocument: CLIFailure.usage(error.description)
        }
    }
}
