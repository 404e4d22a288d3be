/// The detail follows the list's cursor, and actions act on what the screen shows as selected.
extension AppState {
    /// How long the cursor rests on an item before the detail loads it whole: holding `j`
    /// (keys repeat every ~30 ms) asks for one document, where the cursor stops.
    public static let detailDelay = 0.15

    /// When the loop must wake to load a detail even without input; nil when nothing waits.
    public var nextWake: Double? { self[pane].detail.loadDue }

    /// Makes `pane`'s detail show the item under its list's cursor: the list's copy at once,
    /// the whole item after `detailDelay` (or now: Enter). An item already shown stays as it
    /// is (its folds, its loaded version), unless the list's copy is all there is and changed.
    mutating func followCursor(_ pane: Pane, loadNow: Bool = false) -> [Effect] {
        let model = self[pane]
        guard let shown = model.listItem(at: model.list.index) else {
            let cancels = cancelDetailLoads(pane)
            self[pane].detail.show(.empty(emptyText(of: pane)), title: "")
            return cancels
        }
        var effects: [Effect] = []
        let same = model.detail.followsList && model.detail.item == shown.id
        if !same {
            effects += cancelDetailLoads(pane)
            self[pane].detail.show(shown.content, title: shown.title, item: shown.id)
        } else if shown.complete, model.detail.content != shown.content {
            self[pane].detail.refresh(shown.content)
        }
        if shown.complete { return effects }
        if loadNow {
            effects += cancelDetailLoads(pane)
            self[pane].detail.loadDue = nil
            return effects + pane.model.load(&self, item: shown.id)
        }
        if !same { self[pane].detail.loadDue = now + Self.detailDelay }
        return effects
    }

    /// A pane's list changed (an answer, a folder, a status): a detail that follows the list
    /// follows it; one showing a `:find` hit stays.
    mutating func listChanged(_ pane: Pane) -> [Effect] {
        self[pane].detail.followsList ? followCursor(pane) : []
    }

    /// Enter on the list: the item under the cursor, loaded now, with the focus on it.
    mutating func openItem() -> [Effect] {
        focus = .detail
        return followCursor(pane, loadNow: true)
    }

    /// Shows item `id` of `pane` (a `:find` hit): under the list's cursor when the list holds
    /// it, else on its own until the list has the focus again.
    mutating func showItem(_ id: String, in pane: Pane) -> [Effect] {
        let model = self[pane]
        if let index = (0..<model.itemCount).first(where: { model.itemID(at: $0) == id }) {
            self[pane].list.set(index, count: model.itemCount, rows: layout.listRows)
            return followCursor(pane, loadNow: true)
        }
        let cancels = cancelDetailLoads(pane)
        self[pane].detail.show(.loading(id), title: id, item: id, followsList: false)
        return cancels + pane.model.load(&self, item: id)
    }

    /// The tick: the current pane's detail loads the item the cursor rests on.
    mutating func loadRestingDetail() -> [Effect] {
        guard let due = self[pane].detail.loadDue, now >= due else { return [] }
        self[pane].detail.loadDue = nil
        guard let item = self[pane].detail.item else { return [] }
        return pane.model.load(&self, item: item)
    }

    /// Cancels the detail loads of `pane` still running: their item is no longer shown.
    mutating func cancelDetailLoads(_ pane: Pane) -> [Effect] {
        let stale = running.filter { $0.value.purpose.loadsDetail && $0.value.purpose.pane == pane }.keys.sorted()
        for id in stale {
            running[id] = nil
            servedFromCache.remove(id)
        }
        return stale.map { .cancel($0) }
    }

    /// A detail load's answer: shown only while the detail still shows its item, keeping the
    /// folds and the cursor.
    mutating func showLoaded(_ content: DetailContent, for request: RunningRequest) {
        guard let pane = request.purpose.pane, let subject = request.subject, self[pane].detail.item == subject else { return }
        self[pane].detail.refresh(content)
    }

    // MARK: what the actions act on

    /// The detail has the focus and shows an item the list's cursor is not on (a `:find` hit,
    /// an object opened by name): then that item is the selected one.
    var detailItemSelected: String? {
        guard focus == .detail, !detail.followsList else { return nil }
        return detail.item
    }

    /// What `e`, `d` and `D` act on: the item the screen shows as selected.
    var selectedTarget: EditTarget? {
        if let item = detailItemSelected { return pane.model.target(item: item) }
        return self[pane].target(at: listCursor.index)
    }
}
