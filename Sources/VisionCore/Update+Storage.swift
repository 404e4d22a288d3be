import HyperModel

/// The storage pane: the folder tree, previews and transfers.
extension AppState {
    mutating func enterStorageEntry(_ entry: StoragePaneState.Entry) -> [Effect] {
        switch entry {
        case .parent:
            var parts = storage.folder.split(separator: "/").map(String.init)
            parts.removeLast()
            storage.folder = parts.isEmpty ? "" : parts.joined(separator: "/") + "/"
            storage.list = ListCursor()
            return listChanged(.storage)
        case .folder(let name):
            storage.folder += name + "/"
            storage.list = ListCursor()
            return listChanged(.storage)
        case .object:
            return openItem()
        }
    }

    /// Small objects are fetched and shown as text or JSON; others show their size and type.
    static let previewLimit: Int64 = 256 * 1024

    /// Whether the detail fetches the object to show it: text or JSON, and small.
    static func previewable(_ object: StorageObject) -> Bool {
        if let size = object.size, size > previewLimit { return false }
        if let type = object.contentType, !(type.hasPrefix("text/") || type.contains("json")) { return false }
        return true
    }

    /// What the detail shows of an object before (or instead of) its preview.
    static func objectDetail(_ object: StorageObject) -> DetailContent {
        let facts = objectFacts(object)
        if let size = object.size, size > previewLimit { return .facts(facts + [.init("preview", "too large; D downloads it")]) }
        return previewable(object) ? .loading(object.name) : .facts(facts)
    }

    /// `o`: an object by name, which the list may not hold (a server that cannot list).
    mutating func previewObject(_ object: StorageObject) -> [Effect] {
        if !storage.objects.contains(where: { $0.name == object.name }) { storage.objects.append(object) }
        focus = .detail
        if let index = storage.entries.firstIndex(where: { if case .object(let listed) = $0 { listed.name == object.name } else { false } }) {
            storage.list.set(index, count: storage.entries.count, rows: layout.listRows)
            return followCursor(.storage, loadNow: true)
        }
        storage.detail.show(Self.objectDetail(object), title: object.name, item: object.name, followsList: false)
        return StoragePaneState.load(&self, item: object.name)
    }

    static func objectFacts(_ object: StorageObject) -> [DetailContent.Fact] {
        var facts = [DetailContent.Fact("name", object.name)]
        if let size = object.size { facts.append(.init("size", Format.bytes(size))) }
        if let type = object.contentType { facts.append(.init("type", type)) }
        if let modified = object.modified { facts.append(.init("modified", modified)) }
        return facts
    }

    mutating func startTransfer(_ direction: Transfer.Direction, name: String, request: Request) -> [Effect] {
        if storage.transfer != nil { say("a transfer is already running (Esc cancels it)", error: true); return [] }
        let verb = direction == .download ? "downloading" : "uploading"
        let effect = begin(request, "\(verb) \(name)", .transfer)
        if case .request(let id, _) = effect {
            storage.transfer = Transfer(request: id, direction: direction, name: name, started: now)
        }
        return [effect]
    }
}
