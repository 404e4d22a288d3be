import Foundation
import HyperClient
import HyperJSON
import HyperSession
import HyperStore
import VisionCore

/// Performs the browser's requests through the current app's session, each in its own task off
/// the UI thread, and posts the answers to the mailbox. Cancelling a request cancels its task
/// (and transfer).
@MainActor
public final class SessionWorker: EffectPerformer {
    private var current: ResolvedConnection
    /// `--offline`: never touch the network; browse the page cache only.
    private let offline: Bool
    /// Follows the session's connectivity for the title bar.
    private var connectivityWatch: Task<Void, Never>?
    private let resolve: (String) throws -> ResolvedConnection
    private var tasks: [RequestID: Task<Void, Never>] = [:]
    /// The local cache, journal and drafts, each usable or not on its own.
    private let store: LocalStore
    /// The current app's session: every read and write goes through it.
    private var session: AppSession

    /// Opens `resolved` on `store` (local state at its XDG places); `resolve` turns what
    /// `:connect` was given into a connection, with the same flags.
    public init(_ resolved: ResolvedConnection, store: LocalStore, offline: Bool = false,
                resolve: @escaping (String) throws -> ResolvedConnection) {
        self.offline = offline
        current = resolved
        self.resolve = resolve
        self.store = store
        session = Self.makeSession(resolved, store: store, offline: offline)
    }

    private static func makeSession(_ resolved: ResolvedConnection, store: LocalStore, offline: Bool) -> AppSession {
        AppSession(connection: resolved.connection, options: resolved.options, store: store,
                   readOnlyReason: resolved.readOnlyReason, offlineMode: offline)
    }

    /// Switches the session and tells the browser, which starts afresh on it.
    private func open(_ resolved: ResolvedConnection, mailbox: Mailbox) {
        current = resolved
        let old = session
        Task { await old.close() }
        session = Self.makeSession(resolved, store: store, offline: offline)
        mailbox.post(.connected(resolved.info))
        started(mailbox: mailbox)
    }

    /// A session began: says what part of local state cannot be used, whether drafts of this
    /// app from earlier runs are waiting, and `greeting` (if any), and follows its connectivity
    /// (offline, and back online by itself).
    public func started(mailbox: Mailbox, greeting: String? = nil) {
        connectivityWatch?.cancel()
        let problems = session.problems
        session.markSaid(problems)
        // Waiting drafts first: a long greeting must not push them past the screen's edge.
        let notices = problems.map(\.description) + [session.waitingDraftsNotice, greeting].compactMap { $0 }
        if !notices.isEmpty { mailbox.post(.notice(notices.joined(separator: "; "), isError: !problems.isEmpty)) }
        let session = self.session
        connectivityWatch = Task.detached {
            for await state in await session.connectivity.states() {
                mailbox.post(.connectivity(online: state.isOnline))
            }
        }
    }

    public func perform(_ effect: Effect, mailbox: Mailbox) {
        switch effect {
        case .request(let id, let request):
            let session = self.session
            tasks[id] = Task.detached {
                await RequestInterpreter.run(request, id: id, session: session, mailbox: mailbox)
                // A part of local state that failed on the way is said once, after the answer.
                let problems = session.takeProblems()
                if !problems.isEmpty {
                    mailbox.post(.notice(problems.map(\.description).joined(separator: "; "), isError: true))
                }
            }
        case .cancel(let id):
            tasks.removeValue(forKey: id)?.cancel()
        case .switchDomain(let domain):
            open(current.withDomain(domain), mailbox: mailbox)
        case .connect(let target):
            do {
                open(try resolve(target), mailbox: mailbox)
            } catch {
                mailbox.post(.notice("cannot connect: \(RequestInterpreter.describe(error).text)", isError: true))
            }
        case .probeServer:
            let session = self.session
            Task { await session.connectivity.probeNow() }
        case .quit:
            for task in tasks.values { task.cancel() }
            tasks = [:]
            connectivityWatch?.cancel()
        case .copy, .loadTheme, .setMouse, .openEditor:
            break
        }
    }

    public func finished(_ request: RequestID) {
        tasks[request] = nil
    }
}
