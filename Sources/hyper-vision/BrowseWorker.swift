import Foundation
import HyperClient
import HyperJSON
import HyperSession
import VisionCore
import VisionTerminal

/// Performs the browser's requests with HyperClient, each in its own task off the UI thread,
/// and posts the answers to the mailbox. Cancelling a request cancels its task (and transfer).
@MainActor
final class BrowseWorker: EffectPerformer {
    private var client: HyperClient
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
    /// The local cache, journal and drafts; nil when they cannot be opened (edits then say why).
    private let store: LocalStore?
    /// The current app's session: edits, the journal and drafts go through it; nil (and
    /// `sessionFailure` says why) when local state cannot be used.
    private var session: AppSession?
    private var sessionFailure: String?

    init(_ resolved: ResolvedConnection, options: ClientOptions, forceReadOnly: Bool, offline: Bool = false,
         resolve: @escaping (String) throws -> ResolvedConnection) {
        self.offline = offline
        client = HyperClient(connection: resolved.connection, options: options)
        current = resolved
        self.options = options
        self.forceReadOnly = forceReadOnly
        self.resolve = resolve
        do {
            store = try LocalStore(locations: AppPaths.current.store)
        } catch {
            store = nil
            sessionFailure = "local state unavailable: \(error.description)"
        }
        session = makeSession(resolved)
    }

    /// What the title bar shows of `resolved`, with why writes are disabled if they are.
    func info(_ resolved: ResolvedConnection) -> ConnectionInfo {
        var info = resolved.info
        if forceReadOnly {
            info.readOnlyReason = "--read-only"
        } else if resolved.info.readOnly {
            info.readOnlyReason = "read_only = true on saved connection \(resolved.savedName ?? "")"
        }
        info.readOnly = info.readOnlyReason != nil
        return info
    }

    private func makeSession(_ resolved: ResolvedConnection) -> AppSession? {
        guard let store else { return nil }
        do {
            return try AppSession(connection: resolved.connection, options: options, store: store,
                                  readOnlyReason: info(resolved).readOnlyReason, offlineMode: offline)
        } catch {
            sessionFailure = "no local state for this app: \(error.description)"
            return nil
        }
    }

    /// Switches the client and tells the browser, which starts afresh on it.
    private func open(_ resolved: ResolvedConnection, mailbox: Mailbox) {
        current = resolved
        client = HyperClient(connection: resolved.connection, options: options)
        let old = session
        Task { await old?.close() }
        session = makeSession(resolved)
        mailbox.post(.connected(info(resolved)))
        started(mailbox: mailbox)
    }

    /// A session began: says when drafts of this app from earlier runs are waiting, and follows
    /// its connectivity (offline, and back online by itself).
    func started(mailbox: Mailbox) {
        connectivityWatch?.cancel()
        guard let session else { return }
        if let notice = BrowseEdits.waitingDraftsNotice(session) { mailbox.post(.notice(notice, isError: false)) }
        connectivityWatch = Task.detached {
            for await state in await session.connectivity.states() {
                mailbox.post(.connectivity(online: state.isOnline))
            }
        }
    }

    func perform(_ effect: Effect, mailbox: Mailbox) {
        switch effect {
        case .request(let id, let request) where BrowseEdits.handles(request):
            guard let session else {
                mailbox.post(.failed(id, ErrorInfo(status: nil, message: sessionFailure ?? "no local state for this app")))
                return
            }
            tasks[id] = Task.detached {
                do {
                    mailbox.post(.response(id, try await BrowseEdits.run(request, session: session)))
                } catch {
                    mailbox.post(.failed(id, Self.describe(error)))
                }
            }
        case .request(let id, let request) where session != nil && BrowseReads.page(request) != nil:
            guard let session, let page = BrowseReads.page(request) else { return }
            tasks[id] = Task.detached { await BrowseReads.read(page, for: request, id: id, session: session, mailbox: mailbox) }
        case .request(let id, let request) where session != nil && BrowseReads.isQueueListing(request):
            guard let session else { return }
            tasks[id] = Task.detached { await BrowseReads.readQueue(id: id, session: session, mailbox: mailbox) }
        case .request(let id, _) where offline:
            mailbox.post(.failed(id, ErrorInfo(status: nil, message: "offline mode (--offline): this needs the server",
                                               unreachable: true)))
        case .request(let id, let request):
            let client = self.client, session = self.session
            tasks[id] = Task.detached {
                do {
                    let response = try await Self.run(request, client: client, session: session) { bytes, total in
                        mailbox.post(.progress(id, bytes: bytes, total: total))
                    }
                    mailbox.post(.response(id, response))
                } catch {
                    mailbox.post(.failed(id, Self.describe(error)))
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
                mailbox.post(.notice("cannot connect: \(Self.describe(error).text)", isError: true))
            }
        case .probeServer:
            guard let session else { return }
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

    /// What the user sees of a failure: status and message, never a secret or a stack trace.
    nonisolated static func describe(_ error: any Error) -> ErrorInfo {
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
            case .answerTooLarge, .redirectedWrite: return ErrorInfo(status: error.status, message: error.description)
            case .cancelled: return ErrorInfo(status: nil, message: "cancelled")
            }
        case let error as CustomStringConvertible:
            return ErrorInfo(status: nil, message: error.description)
        default:
            return ErrorInfo(status: nil, message: "\(error)")
        }
    }

    /// `session` journals the writes (queue retry and cancel, storage upload) when local state is
    /// available; without it they go straight to the server.
    nonisolated static func run(_ request: Request, client: HyperClient, session: AppSession? = nil,
                                progress: @escaping @Sendable (Int64, Int64?) -> Void) async throws -> Response {
        switch request {
        case .info:
            return .info(try await client.info())
        // Without local state (the store could not be opened) pages come straight from the server.
        case .listDocs(let startkey, let limit):
            let options = ListOptions(startkey: startkey, endkey: nil, limit: limit, keys: nil, descending: false)
            return BrowseReads.response(request, answer: try await client.data.list(options))
        case .queryDocs(let query):
            return BrowseReads.response(request, answer: try await client.data.query(BrowseReads.dataQuery(query)))
        case .getDoc(let id):
            return .document(try await client.data.get(id))
        case .cacheQuery(let pattern):
            return BrowseReads.response(request, answer: try await client.cache.query(pattern: pattern))
        case .cacheGet(let key):
            return .cacheValue(try await client.cache.get(key))
        case .search(let text, let fields, let filter):
            return BrowseReads.response(request, answer: try await client.search.query(text, fields: fields, filter: filter))
        case .searchGet(let key):
            let answer = try await client.search.get(key)
            return .document(answer["doc"] ?? answer)
        case .storageList(let prefix):
            return BrowseReads.response(request, answer: try await client.storage.list(prefix: prefix))
        case .storagePreview(let name, let maxBytes):
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("hyper-vision-preview-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: file) }
            let result = try await client.storage.download(name: name, toFile: file.path, progress: nil)
            let handle = try FileHandle(forReadingFrom: file)
            defer { try? handle.close() }
            let data = try handle.read(upToCount: Int(maxBytes)) ?? Data()
            return .preview(text: String(data: data, encoding: .utf8), bytes: result.bytes, contentType: result.contentType)
        case .download(let name, let path):
            let target = Self.expand(path)
            let result = try await client.storage.download(name: name, toFile: target, progress: { progress($0.bytes, $0.total) })
            return .transferred(bytes: result.bytes, path: target)
        case .upload(let path, let name):
            let source = Self.expand(path)
            guard FileManager.default.isReadableFile(atPath: source) else {
                throw ErrorInfo(status: nil, message: "cannot read \(source)")
            }
            let report: ProgressHandler = { progress($0.bytes, $0.total) }
            if let session {
                // Journaled like every write: recorded before it is sent, then its outcome.
                try await session.write(.storageUpload(name: name, path: source), progress: report)
            } else {
                _ = try await client.storage.upload(name: name, fromFile: source, contentType: nil, progress: report)
            }
            let attributes = try? FileManager.default.attributesOfItem(atPath: source)
            return .transferred(bytes: (attributes?[.size] as? NSNumber)?.int64Value ?? 0, path: name)
        case .queueJobs:
            async let ready = client.queue.queued()
            async let errors = client.queue.errors()
            let (readyAnswer, errorAnswer) = try await (ready, errors)
            return BrowseReads.jobs(readyAnswer, errorAnswer)
        case .retryJobs(let ids), .cancelJobs(let ids):
            var done = 0
            var failures: [String] = []
            for id in ids {
                try Task.checkCancellation()
                do {
                    let retry = if case .retryJobs = request { true } else { false }
                    if let session {
                        try await session.write(retry ? .queueRetry(id: id) : .queueCancel(id: id))
                    } else if retry {
                        _ = try await client.queue.retry(id: id)
                    } else {
                        _ = try await client.queue.cancel(id: id)
                    }
                    done += 1
                } catch {
                    failures.append("job \(id): \(describe(error).text)")
                }
            }
            return .jobsChanged(done: done, failures: failures)
        default:
            throw ErrorInfo(status: nil, message: "edits go through the app's session")   // see BrowseEdits
        }
    }

    nonisolated static func object(_ json: JSON) -> StorageObject? {
        guard let name = json["name"]?.stringValue else { return nil }
        return StorageObject(name: name, size: json["size"]?.numberValue?.int.map(Int64.init),
                             modified: json["modified"]?.stringValue, contentType: json["contentType"]?.stringValue)
    }

    /// `~/x` and relative paths, as a shell would read them.
    nonisolated static func expand(_ path: String) -> String {
        if path.hasPrefix("~/") { return NSHomeDirectory() + String(path.dropFirst()) }
        if path.hasPrefix("/") { return path }
        return FileManager.default.currentDirectoryPath + "/" + path
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
