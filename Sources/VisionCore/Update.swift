import HyperJSON
import HyperModel

/// The browser's one state transition: applies a message and returns the I/O to perform.
/// Pure: no terminal, no network, no clock (time arrives as `.tick`), so every behaviour is
/// unit-testable.
public func update(_ state: inout AppState, _ msg: Msg) -> [Effect] {
    switch msg {
    case .key(let key):
        if key != .esc, state.prompt == nil { state.message = nil }
        if state.prompt != nil { return state.promptKey(key) }
        if state.helpTop != nil { return state.helpKey(key) }
        if state.dialog != nil { return state.dialogKey(key) }
        return state.normalKey(key)
    case .mouse(let event):
        guard state.prompt == nil, state.helpTop == nil, state.dialog == nil, state.mouse else { return [] }
        return state.mouse(event)
    case .resize(let width, let height):
        state.width = width
        state.height = height
        state.clampCursors()
        return []
    case .tick(let now):
        state.now = now
        return state.watchTick() + state.loadRestingDetail()
    case .response(let id, let response):
        guard let request = state.running.removeValue(forKey: id) else { return [] }
        state.online = .online
        if let pane = request.purpose.pane { state.cachedAt[pane] = nil }
        // Applied while the cached version is still marked as shown, so it refreshes in place.
        let effects = state.apply(response, for: request, id: id)
        state.servedFromCache.remove(id)
        return effects
    case .cached(let id, let response, let age):
        guard let request = state.running[id] else { return [] }
        if let pane = request.purpose.pane { state.cachedAt[pane] = state.now - age }
        let effects = state.apply(response, for: request, id: id, cached: true)
        state.servedFromCache.insert(id)
        return effects
    case .failed(let id, let error):
        guard let request = state.running.removeValue(forKey: id) else { return [] }
        if state.servedFromCache.remove(id) != nil, error.unreachable {
            return state.keepCached(request, id: id, error)
        }
        return state.fail(error, for: request, id: id)
    case .connectivity(let online):
        if !online {
            state.online = .offline
        } else if state.online == .offline {
            state.online = .online
            state.say("back online")
            // What is shown came from the cache while offline: fetch it again.
            return state.refreshInPlace()
        }
        return []
    case .progress(let id, let bytes, let total):
        if state.storage.transfer?.request == id {
            state.storage.transfer?.bytes = bytes
            state.storage.transfer?.total = total
        }
        return []
    case .themeChanged(let name):
        state.theme = name
        state.message = Message(text: "theme \(name)", isError: false)
        return []
    case .connected(let info):
        return state.reconnected(info)
    case .notice(let text, let isError):
        state.message = Message(text: text, isError: isError)
        return []
    case .editorClosed(let run, let edited):
        return state.editorClosed(run, edited: edited)
    }
}

extension AppState {
    /// Effects to run once at start: check the app and load the first pane.
    public mutating func start() -> [Effect] {
        [begin(.info, "connecting", .info)] + refresh(pane)
    }

    /// Registers a request in flight and returns the effect that performs it.
    mutating func begin(_ request: Request, _ title: String, _ purpose: RunningRequest.Purpose, subject: String? = nil) -> Effect {
        let id = nextRequest
        nextRequest += 1
        running[id] = RunningRequest(title: title, started: now, purpose: purpose, subject: subject)
        return .request(id, request)
    }

    mutating func say(_ text: String, error: Bool = false) {
        message = Message(text: text, isError: error)
    }

    /// What a batch of writes did, naming each (`done: delete data movie-0001`, `done: 2 writes
    /// (retry queue 3; retry queue 4)`), so that the message says which items were written, not
    /// only how many; then the first failure, and the session's warnings.
    mutating func sayWritten(done: [String], failures: [String], warnings: [String]) {
        let written = done.count == 1 ? done[0] : "\(done.count) writes (\(done.joined(separator: "; ")))"
        if failures.isEmpty {
            say("done: " + written + Self.warningSuffix(warnings), error: !warnings.isEmpty)
        } else {
            let prefix = done.isEmpty ? "" : "done: \(written); "
            say(prefix + "\(failures.count) failed: \(failures[0])" + Self.warningSuffix(warnings), error: true)
        }
    }

    /// `; warning: …` for the session's problems noted during a request (none: empty).
    static func warningSuffix(_ warnings: [String]) -> String {
        warnings.isEmpty ? "" : "; warning: " + warnings.joined(separator: "; ")
    }

    // MARK: keys outside the prompt

    mutating func normalKey(_ key: Key) -> [Effect] {
        let keys = pendingKeys + [key]
        switch CommandTable.match(keys, pane: pane, focus: focus) {
        case .prefix:
            pendingKeys = keys
            return []
        case .command(let id):
            pendingKeys = []
            return run(id, argument: nil)
        case .none:
            pendingKeys = []
            return []
        }
    }

    /// `?` help scrolls as a pager does, and never past its last line.
    mutating func helpKey(_ key: Key) -> [Effect] {
        let top = helpTop ?? 0
        let rows = HelpPage.rows(layout)
        let target: Int
        switch key {
        case .char("j"), .down, .enter: target = top + 1
        case .char("k"), .up: target = top - 1
        case .pageDown, .char(" "), .char("f"): target = top + rows
        case .pageUp, .char("b"): target = top - rows
        case .ctrl("d"): target = top + rows / 2
        case .ctrl("u"): target = top - rows / 2
        case .char("g"), .home: target = 0
        case .char("G"), .end: target = Int.max
        case .char("q"), .char("?"), .esc:
            helpTop = nil
            return []
        case .ctrl("c"): return run(.quit, argument: nil)
        default: return []
        }
        helpTop = max(0, min(target, HelpPage.lastTop(self)))
        return []
    }

    // MARK: commands

    /// Runs a command from a key or the palette. `argument` is what followed its name in the palette.
    public mutating func run(_ id: CommandID, argument: String?) -> [Effect] {
        if let refusal = refusal(of: id) { return refusal }
        let rows = layout.listRows
        switch id {
        case .paneData: return switchPane(.data)
        case .paneCache:
            if argument?.trimmed == "clear" { return [begin(.clearCache, "clearing the page cache", .edit)] }
            return switchPane(.cache)
        case .paneSearch: return switchPane(.search)
        case .paneStorage: return switchPane(.storage)
        case .paneQueue: return switchPane(.queue)
        case .focusNext, .focusPrevious:
            focus = focus == .list ? .detail : .list
            // Back on the list, the detail shows its cursor's item again (not a `:find` hit).
            return focus == .list && !detail.followsList ? followCursor(pane) : []
        case .down: return move(by: 1)
        case .up: return move(by: -1)
        case .top: return move(to: 0)
        case .bottom: return move(to: Int.max / 4)
        case .pageDown: return move(by: rows)
        case .pageUp: return move(by: -rows)
        case .halfDown: return move(by: max(1, rows / 2))
        case .halfUp: return move(by: -max(1, rows / 2))
        case .open: return focus == .list ? openSelected() : activateDetailNode()
        case .toggle: return activateDetailNode()
        case .expand: return changeDetailNode(expand: true)
        case .collapse: return changeDetailNode(expand: false)
        case .scrollLeft, .scrollRight:
            let columns = self[pane].columnHeaders.count
            let offset = listCursor.column + (id == .scrollRight ? 1 : -1)
            // The first column stays; the others scroll until the last one is the second shown.
            listCursor.column = max(0, min(offset, columns - 2))
            return []
        case .back: return back()
        case .foldAll, .unfoldAll:
            if case .json(let value) = detail.content {
                if id == .foldAll { detail.tree.foldAll(value) } else { detail.tree.unfoldAll() }
                detail.cursor.set(detail.cursor.index, count: detail.lineCount, rows: layout.detailRows)
            }
            return []
        case .query:
            let current = self[pane].queryText
            prompt = PromptState(kind: .query(pane), text: current, label: "\(pane.queryPrompt)/")
            return []
        case .palette:
            prompt = PromptState(kind: .command, label: ":")
            return []
        case .help:
            helpTop = 0
            return []
        case .refresh:
            // Offline, reads answer from the cache at once; the probe is what can bring the app
            // back online (and then the pane refreshes again, from the server).
            let probe: [Effect] = online == .offline ? [.probeServer] : []
            return probe + refreshInPlace()
        case .copyID, .copyValue, .copyField, .copyPath:
            return copy(id)
        case .quit:
            quitting = true
            let cancels = running.keys.sorted().map { Effect.cancel($0) }
            running = [:]
            return cancels + [.quit]
        case .columns:
            guard let argument else { return ask(id, prefill: data.columns.joined(separator: ",")) }
            let picked = CommaList.split(argument)
            data.columns = picked.isEmpty ? DataPaneState.inferColumns(data.docs) : picked
            data.columnsPicked = !picked.isEmpty
            return []
        case .layout:
            data.lineMode.toggle()
            return []
        case .setQuery:
            guard let argument else { return ask(id, prefill: data.queryText) }
            return applyDataQuery(argument)
        case .domain:
            guard let name = argument?.trimmed, !name.isEmpty else { return ask(id, prefill: "") }
            return switchDomain(name)
        case .theme:
            guard let name = argument?.trimmed, !name.isEmpty else { return ask(id, prefill: "") }
            return [.loadTheme(name)]
        case .connect:
            guard let target = argument?.trimmed, !target.isEmpty else { return ask(id, prefill: "") }
            say("connecting…")
            return [.connect(target)]
        case .searchFields:
            let fields = CommaList.split(argument ?? "")
            search.fields = fields.isEmpty ? nil : fields
            pane = .search
            return search.text.isEmpty ? [] : refresh(.search)
        case .searchFilter:
            var filter: JSONObject = [:]
            for pair in (argument ?? "").split(separator: " ") {
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { say("filter wants key=value pairs", error: true); return [] }
                filter[parts[0]] = .string(parts[1])
            }
            search.filter = filter.isEmpty ? nil : .object(filter)
            pane = .search
            return search.text.isEmpty ? [] : refresh(.search)
        case .download:
            return download(to: argument)
        case .upload:
            guard let path = argument?.trimmed, !path.isEmpty else { return ask(id, prefill: "") }
            let name = storage.folder + String(path.split(separator: "/").last ?? Substring(path))
            // An object of that name is replaced, bytes lost: asked first when the listing shows one.
            if let existing = storage.objects.first(where: { $0.name == name }) {
                dialog = .confirmReplace(existing: existing, path: path)
                return []
            }
            return upload(path, as: name)
        case .openPath:
            guard let name = argument?.trimmed, !name.isEmpty else { return ask(id, prefill: storage.folder) }
            return openObject(named: name)
        case .toggleStatus:
            queue.status = queue.status == .error ? .ready : .error
            queue.list = ListCursor()
            queue.selected = []
            return listChanged(.queue)
        case .select:
            return toggleSelection()
        case .retry, .cancelJob:
            return changeJobs(retry: id == .retry)
        case .mouse:
            mouse.toggle()
            say(mouse ? "mouse on: wheel scrolls, click selects (:mouse turns it off)" : "mouse off")
            return [.setMouse(mouse)]
        case .edit, .add, .delete, .undo, .journal, .drafts:
            return runEdit(id)
        case .find:
            guard let text = argument?.trimmed, !text.isEmpty else { return ask(id, prefill: "") }
            return [begin(.find(text), "finding \(text)", .edit)]
        case .writeDraft, .keepDraft, .overwrite, .reEdit, .cancelConflict, .confirmDelete, .keepDocuments, .confirmCancel,
             .keepJobs, .confirmReplace, .keepObject, .dialogDown, .dialogUp, .dialogPageDown, .dialogPageUp, .closeDialog, .undoEntry, .showEntry,
             .backToJournal, .reopenDraft, .discardDraft, .openHit:
            return dialog.map { runDialog(id, $0) } ?? []
        case .watch:
            queue.watching.toggle()
            say(queue.watching ? "watching the queue: refresh every 2 s" : "watch off")
            return queue.watching ? refresh(.queue) : []
        }
    }

    /// Opens the prompt to ask for a command's argument.
    mutating func ask(_ id: CommandID, prefill: String) -> [Effect] {
        let command = CommandTable.command(id)
        prompt = PromptState(kind: .argument(id), text: prefill, label: "\(command.name ?? command.title): ")
        return []
    }

    mutating func switchPane(_ target: Pane) -> [Effect] {
        pane = target
        focus = .list
        return self[target].loaded ? [] : refresh(target)
    }

    /// Esc: closes what is open, else cancels what runs, else goes back a level, else clears
    /// the selection, else the active query.
    mutating func back() -> [Effect] {
        if !pendingKeys.isEmpty { pendingKeys = []; return [] }
        if !running.isEmpty {
            let ids = running.keys.sorted()
            running = [:]
            data.pageRequest = nil
            data.target = nil
            if storage.transfer != nil { storage.transfer = nil }
            say("cancelled")
            return ids.map { .cancel($0) }
        }
        if focus == .detail { focus = .list; return detail.followsList ? [] : followCursor(pane) }
        if let effects = pane.model.back(&self) { return effects }
        if !self[pane].selection.isEmpty { selectionCleared(); return [] }
        return pane.model.clearQuery(&self) ?? []
    }

    // MARK: movement

    mutating func move(by delta: Int) -> [Effect] {
        if focus == .detail {
            detail.cursor.move(by: delta, count: detail.lineCount, rows: layout.detailRows)
            return []
        }
        return pane.model.move(&self, by: delta) + followCursor(pane)
    }

    /// The data list: moves count from where the cursor was sent, even if that page is still
    /// loading, and pages load until it is covered.
    mutating func moveData(by delta: Int) -> [Effect] {
        let wanted = min(Int.max / 4, (data.target ?? data.list.index) + delta)
        data.list.set(wanted, count: data.docs.count, rows: layout.listRows)
        data.target = wanted >= data.docs.count && !data.reachedEnd ? wanted : nil
        return prefetchData() + pageInData()
    }

    /// Keeps the pages near the cursor in memory and reads again the dropped ones the list
    /// shows (one request per page, never two for the same page).
    mutating func pageInData() -> [Effect] {
        data.dropPages(farFrom: data.list.index)
        let visible = data.list.top..<min(data.docs.count, data.list.top + max(1, layout.listRows))
        guard !visible.isEmpty else { return [] }
        let pages = (visible.lowerBound / DataPaneState.pageSize)...((visible.upperBound - 1) / DataPaneState.pageSize)
        var effects: [Effect] = []
        for page in pages where !data.residentPages.contains(page) && page < data.pageStarts.count
            && !running.values.contains(where: { $0.purpose == .dataPageIn(page: page) }) {
            if var query = data.query {
                query.skip = page * DataPaneState.pageSize
                query.limit = DataPaneState.pageSize
                effects.append(begin(.read(.dataQuery(query)), "page \(page + 1)", .dataPageIn(page: page)))
            } else {
                let options = ListOptions(startkey: data.pageStarts[page], limit: DataPaneState.pageSize)
                effects.append(begin(.read(.dataList(options)), "page \(page + 1)", .dataPageIn(page: page)))
            }
        }
        return effects
    }

    mutating func move(to index: Int) -> [Effect] {
        let current = focus == .detail ? detail.cursor.index : self[pane].cursorTarget
        return move(by: index - current)
    }

    mutating func activateDetailNode() -> [Effect] {
        let nodes = detail.nodes
        guard let node = nodes[safe: detail.cursor.index] else { return [] }
        detail.tree.activate(node)
        detail.cursor.set(detail.cursor.index, count: detail.lineCount, rows: layout.detailRows)
        return []
    }

    /// `l` unfolds a container or shows a long text whole; `h` folds or shortens it, and on a
    /// line with nothing to fold goes to the field that holds it (as jless does).
    mutating func changeDetailNode(expand: Bool) -> [Effect] {
        let nodes = detail.nodes
        let index = detail.cursor.index
        guard let node = nodes[safe: index] else { return [] }
        if expand {
            detail.tree.expand(node)
        } else if !detail.tree.collapse(node) {
            if let parent = nodes[..<index].lastIndex(where: { $0.depth < node.depth && $0.isContainer }) {
                detail.cursor.set(parent, count: nodes.count, rows: layout.detailRows)
            }
            return []
        }
        detail.cursor.set(index, count: detail.lineCount, rows: layout.detailRows)
        return []
    }

    // MARK: refresh and open

    /// `r`: reloads the pane's list from the server.
    public mutating func refresh(_ target: Pane) -> [Effect] { target.model.refresh(&self) }

    /// The data list from the first page (of the query, if there is one).
    mutating func refreshData() -> [Effect] {
        data.loaded = true
        data.reachedEnd = false
        var cancels: [Effect] = []
        if let old = data.pageRequest, running.removeValue(forKey: old) != nil { cancels.append(.cancel(old)) }
        data.target = nil
        let effect: Effect
        if var query = data.query {
            query.skip = 0
            query.limit = DataPaneState.pageSize
            effect = begin(.read(.dataQuery(query)), "query", .dataPage(reset: true))
        } else {
            effect = begin(.read(.dataList(ListOptions(limit: DataPaneState.pageSize))), "loading documents", .dataPage(reset: true))
        }
        if case .request(let id, _) = effect { data.pageRequest = id }
        return cancels + [effect]
    }

    /// `r` and reloads after a write: the list from the top, with the cursor sent back to where
    /// it was (pages load until it is covered again).
    /// Refreshes the current pane; the data list keeps its cursor.
    mutating func refreshInPlace() -> [Effect] { pane.model.refreshInPlace(&self) }

    mutating func refreshDataInPlace() -> [Effect] {
        let index = data.list.index
        let effects = refresh(.data)
        data.target = index > 0 ? index : nil
        return effects
    }

    /// Loads the next page when the cursor nears the end of what is loaded.
    mutating func prefetchData() -> [Effect] {
        guard data.pageRequest == nil, !data.reachedEnd, data.loaded,
              data.target != nil || data.list.index >= data.docs.count - layout.listRows - 1 else { return [] }
        let effect: Effect
        if var query = data.query {
            query.skip = data.docs.count
            query.limit = DataPaneState.pageSize
            effect = begin(.read(.dataQuery(query)), "next page", .dataPage(reset: false))
        } else {
            // startkey is inclusive: ask one more and drop the document we already have.
            let last = data.lastLoadedID
            data.pageStartKey = last
            let options = ListOptions(startkey: last, limit: DataPaneState.pageSize + (last == nil ? 0 : 1))
            effect = begin(.read(.dataList(options)), "next page", .dataPage(reset: false))
        }
        if case .request(let id, _) = effect { data.pageRequest = id }
        return [effect]
    }

    /// Enter on the list: shows the selected item in the detail, fetching it when needed.
    mutating func openSelected() -> [Effect] { pane.model.open(&self) }

    /// The worker answers with `.connected` (new title, same app), which starts afresh.
    mutating func switchDomain(_ name: String) -> [Effect] {
        say("switching to domain \(name)…")
        return [.switchDomain(name)]
    }

    /// A new app or domain: everything shown belongs to the old one, so start afresh.
    mutating func reconnected(_ info: ConnectionInfo) -> [Effect] {
        let cancels = running.keys.sorted().map { Effect.cancel($0) }
        running = [:]
        connection = info
        if !knownDomains.contains(info.domain) { knownDomains.append(info.domain) }
        data = DataPaneState()
        cache = CachePaneState()
        search = SearchPaneState()
        storage = StoragePaneState()
        queue = QueuePaneState()
        dialog = nil
        servedFromCache = []
        cachedAt = [:]
        listProblems = [:]
        online = .connecting
        focus = .list
        say("\(info.label) domain \(info.domain)")
        return cancels + [begin(.info, "connecting", .info)] + refresh(pane)
    }
}
