import HyperJSON
import HyperModel

/// Applying workers' answers and failures to the state.
extension AppState {
    /// `cached`: the page cache's answer, with the server's still to come.
    mutating func apply(_ response: Response, for request: RunningRequest, id: RequestID, cached: Bool = false) -> [Effect] {
        if request.purpose.loadsList, let pane = request.purpose.pane { listProblems[pane] = nil }
        switch (request.purpose, response) {
        case (.info, _):
            return []
        case (.edit, _), (.commit, _):
            return applyEdit(response)
        case (.dataPage(let reset), .page(.documents(let docs))):
            return receivePage(docs, reset: reset, id: id, cached: cached)
        case (.dataPageIn(let page), .page(.documents(let docs))):
            data.docs.put(docs, inPage: page)
            data.dropPages(farFrom: data.list.index)
            // The cursor's own document may have been in it: the detail follows.
            return data.docs.rows(of: page).contains(data.list.index) ? listChanged(.data) : []
        case (.dataDocument, .page(.document(let doc))), (.cacheValue, .page(.document(let doc))),
             (.searchDocument, .page(.document(let doc))):
            showLoaded(.json(doc), for: request)
            return []
        case (.cacheList, .page(.cacheEntries(let entries))):
            cache.entries = entries.sorted { $0.key < $1.key }
            cache.list.set(cache.list.index, count: cache.entries.count, rows: layout.listRows)
            return listChanged(.cache)
        case (.searchList, .page(.matches(let matches))):
            search.matches = matches
            if servedFromCache.contains(id) {
                search.list.set(search.list.index, count: matches.count, rows: layout.listRows)
            } else {
                search.list = ListCursor()
            }
            return listChanged(.search)
        case (.storageList, .page(.objects(let objects))):
            storage.canList = true
            storage.objects = objects.sorted { $0.name < $1.name }
            storage.list.set(storage.list.index, count: storage.entries.count, rows: layout.listRows)
            return listChanged(.storage)
        case (.storagePreview, .preview(let text, let bytes, let type)):
            let name = request.subject ?? storage.detail.title
            learn(name, size: bytes, contentType: type)
            if let text {
                if let json = try? JSON.parse(text), json.objectValue != nil || json.arrayValue != nil {
                    showLoaded(.json(json), for: request)
                } else {
                    showLoaded(.text(text), for: request)
                }
            } else {
                showLoaded(Self.objectFacts(name, preview: "not text; D downloads it"), for: request)
            }
            return []
        case (.transfer, .transferred(let bytes, let path, let kept)):
            storage.transfer = nil
            // A file already there kept its name; said short, as the path before it is long.
            let keptName = kept.map { $0.split(separator: "/").last.map(String.init) ?? $0 }
            say("downloaded \(Format.bytes(bytes)) to \(path)" + (keptName.map { " (\($0) was there: kept)" } ?? ""))
            return []
        case (.transfer, .written(let done, let failures, let warnings)):
            // An upload: the transfer's last progress report has its size.
            let (bytes, name) = (storage.transfer?.bytes ?? 0, storage.transfer?.name ?? "")
            storage.transfer = nil
            guard !done.isEmpty, failures.isEmpty else {
                say("not uploaded: \(failures.first ?? "no answer")", error: true)
                return []
            }
            say("uploaded \(Format.bytes(bytes)) as \(name)" + Self.warningSuffix(warnings), error: !warnings.isEmpty)
            return refresh(.storage)
        case (.queueList, .jobs(let ready, let errors)):
            queue.ready = ready
            queue.errors = errors
            let ids = Set((ready + errors).map(QueuePaneState.id(of:)))
            queue.selected.formIntersection(ids)
            queue.list.set(queue.list.index, count: queue.jobs.count, rows: layout.listRows)
            return listChanged(.queue)
        case (.queueAction, .written(let done, let failures, let warnings)):
            sayWritten(done: done, failures: failures, warnings: warnings)
            return refresh(.queue)
        default:
            return []
        }
    }

    /// A page of documents; a `cached` one is replaced from where it starts when the server's
    /// version of it arrives, keeping the cursor.
    mutating func receivePage(_ docs: [JSON], reset: Bool, id: RequestID, cached: Bool = false) -> [Effect] {
        guard data.pageRequest == id else { return [] }
        let inPlace = data.cachedPageStart != nil
        let start = data.cachedPageStart ?? (reset ? 0 : data.docs.count)
        data.cachedPageStart = cached ? start : nil
        if !cached { data.pageRequest = nil }
        var page = docs
        if reset && !inPlace { data.list = ListCursor() }
        if start > 0, data.query == nil, let key = data.pageStartKey, page.first?["_id"]?.stringValue == key {
            page.removeFirst()
        }
        data.reachedEnd = page.count < DataPaneState.pageSize
        data.load(page, from: start)
        if !data.columnsPicked && (reset || data.columns.isEmpty) {
            data.columns = DataPaneState.inferColumns(data.docs)
        }
        if let target = data.target {
            data.list.set(target, count: data.docs.count, rows: layout.listRows)
            if target < data.docs.count || data.reachedEnd { data.target = nil }
        } else if inPlace {
            data.list.set(data.list.index, count: data.docs.count, rows: layout.listRows)
        }
        let follow = listChanged(.data)
        // The cursor may already sit at the end (G): keep loading until it is covered.
        return follow + (pane == .data && !cached ? prefetchData() : []) + pageInData()
    }

    /// The server could not be reached, but the page cache's answer is shown: keep it, say so,
    /// and (for the data list) go on paging through cached pages.
    mutating func keepCached(_ request: RunningRequest, id: RequestID, _ error: ErrorInfo) -> [Effect] {
        online = .offline
        say("offline: showing the cached copy (\(error.message))")
        guard case .dataPage = request.purpose, data.pageRequest == id else { return [] }
        data.pageRequest = nil
        data.cachedPageStart = nil
        return pane == .data ? prefetchData() : []
    }

    mutating func fail(_ error: ErrorInfo, for request: RunningRequest, id: RequestID) -> [Effect] {
        if error.unreachable { online = .offline }
        switch request.purpose {
        case .dataPage(let reset):
            guard data.pageRequest == id else { break }
            data.pageRequest = nil
            data.cachedPageStart = nil
            if reset { return listFailed(.data, error, request) }
        case .storageList where error.status == 404 || error.status == 405:
            storage.canList = false
            say("this server cannot list objects: o opens one by name")
            return []
        case .cacheList, .searchList, .queueList, .storageList:
            return listFailed(request.purpose.pane ?? pane, error, request)
        case .transfer:
            storage.transfer = nil
        case .cacheValue, .searchDocument, .storagePreview, .dataDocument:
            guard let pane = request.purpose.pane, self[pane].detail.item == request.subject else { return [] }
            if case .loading = self[pane].detail.content {
                self[pane].detail.content = .failure(error.text)
            } else if error.unreachable {
                // The list's copy stays in the detail; the title bar says offline.
                return []
            }
        case .commit:
            // The part that matters first: a long transport error is cut at the screen's edge.
            say("not written, the draft is kept (:drafts): \(request.title): \(error.text)", error: true)
            return []
        default:
            break
        }
        say("\(request.title): \(error.text)", error: true)
        return []
    }

    /// A list read failed with no cached answer shown: what the list held belongs to another
    /// query (or is older than the server's refusal), so it goes, and the list and the detail
    /// say why, offering what the cache has.
    mutating func listFailed(_ pane: Pane, _ error: ErrorInfo, _ request: RunningRequest) -> [Effect] {
        let what = self[pane].statusQuery ?? "this list"
        let problem = error.unreachable
            ? "offline: \(what) is not in the cache (:find WORDS searches every cached document)"
            : "\(request.title): \(error.text)"
        self[pane].removeAllItems()
        listProblems[pane] = problem
        say(problem, error: true)
        return listChanged(pane)
    }

    /// `/` in the data pane and `:query`: the one query language (`QueryLanguage`): terms,
    /// a selector or a full Mango body. The whole text is the query: sort and fields come from
    /// it, or are gone. The pane pages by itself, so a body's limit and skip do not apply.
    mutating func applyDataQuery(_ text: String) -> [Effect] {
        var query: DataQuery
        do { query = try QueryLanguage.parse(text) } catch {
            say(error.message, error: true)
            return []
        }
        let isAll = (query.selector?.objectValue?.isEmpty ?? true) && query.sort == nil && query.fields == nil
        query.limit = DataPaneState.pageSize
        query.skip = nil
        data.query = isAll ? nil : query
        data.queryText = text.trimmed
        if !data.columnsPicked { data.columns = [] }
        pane = .data
        return refresh(.data)
    }
}
