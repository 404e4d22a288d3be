import Foundation
import HyperClient
import HyperJSON
import HyperSession
import HyperStore
import VisionCore
import VisionTerminal

/// Performs the browser's requests with HyperClient, each in its own task off the UI thread,
/// and posts the answers to the mailbox. Cancelling a request cancels its task (and transfer).
@MainActor
final class BrowseWorker: EffectPerformer {
    private var current: ResolvedConnection
    private let options: ClientOptions
    /// `--read-only` holds for every app opened in this session.
    private let forceReadOnly: Bool
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

    init(_ resolved: ResolvedConnection, options: ClientOptions, forceReadOnly: Bool, offline: Bool = false,
         resolve: @escaping (String) throws -> ResolvedConnection) {
        self.offline = offline
        current = resolved
        self.options = options
        self.forceReadOnly = forceReadOnly
        self.resolve = resolve
        store = LocalStore(locations: AppPaths.current.store)
        session = Self.makeSession(resolved, options: options, store: store,
                                   readOnlyReason: Self.readOnlyReason(resolved, forced: forceReadOnly), offline: offline)
    }

    /// What the title bar shows of `resolved`, with why writes are disabled if they are.
    func info(_ resolved: ResolvedConnection) -> ConnectionInfo {
        var info = resolved.info
        info.readOnlyReason = Self.readOnlyReason(resolved, forced: forceReadOnly)
        info.readOnly = info.readOnlyReason != nil
        return info
    }

    private static func readOnlyReason(_ resolved: ResolvedConnection, forced: Bool) -> String? {
        if forced { return "--read-only" }
        return resolved.info.readOnly ? "read_only = true on saved connection \(resolved.savedName ?? "")" : nil
    }

    private static func makeSession(_ resolved: ResolvedConnection, options: ClientOptions, store: LocalStore,
                                    readOnlyReason: String?, offline: Bool) -> AppSession {
        AppSession(connection: resolved.connection, options: options, store: store,
                   readOnlyReason: readOnlyReason, offlineMode: offline)
    }

    /// Switches the session and tells the browser, which starts afresh on it.
    private func open(_ resolved: ResolvedConnection, mailbox: Mailbox) {
        current = resolved
        let old = session
        Task { await old.close() }
        session = Self.makeSession(resolved, options: options, store: store,
                                   readOnlyReason: info(resolved).readOnlyReason, offline: offline)
        mailbox.post(.connected(info(resolved)))
        started(mailbox: mailbox)
    }

    /// A session began: says what part of local state cannot be used and whether drafts of this
    /// app from earlier runs are waiting, and follows its connectivity (offline, and back online
    /// by itself).
    func started(mailbox: Mailbox) {
        connectivityWatch?.cancel()
        let problems = session.problems
        session.markSaid(problems)
        let notices = problems.map(\.description) + [session.waitingDraftsNotice].compactMap { $0 }
        if !notices.isEmpty { mailbox.post(.notice(notices.joined(separator: "; "), isError: !problems.isEmpty)) }
        let session = self.session
        connectivityWatch = Task.detached {
            for await state in await session.connectivity.states() {
                mailbox.post(.connectivity(online: state.isOnline))
            }
        }
    }

    func perform(_ effect: Effect, mailbox: Mailbox) {
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

    func finished(_ request: RequestID) {
        tasks[request] = nil
    }
}

/// A connection chosen by name or string, with how the title bar shows it.
struct ResolvedConnection {
    let connection: Connection
    /// The saved connection's name, if it was opened by name.
    let savedName: String?
    /// The saved connection's own theme, if any.
    let theme: String?
    let info: ConnectionInfo

    /// As the browser shows it: the secret never appears.
    init(_ connection: Connection, savedName: String? = nil, theme: String? = nil, readOnly: Bool = false) {
        self.connection = connection
        self.savedName = savedName
        self.theme = theme
        let label = savedName.map { "\($0) \(connection.redacted)" } ?? connection.redacted
        info = ConnectionInfo(label: label, domain: connection.domain, readOnly: readOnly)
    }

    func withDomain(_ domain: String) -> ResolvedConnection {
        ResolvedConnection(connection.withDomain(domain), savedName: savedName, theme: theme, readOnly: info.readOnly)
    }
}
