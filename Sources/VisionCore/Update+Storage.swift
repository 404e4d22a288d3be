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
        if let size = object.size, size > previewLimit { return objectFacts(object.name, preview: "too large to show; D downloads it") }
        return previewable(object) ? .loading(object.name) : objectFacts(object.name, preview: "not text; D downloads it")
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

    /// What the detail says of an object it does not show: its whole name and why. Size, type
    /// and date are the list row's, next to it: said once.
    static func objectFacts(_ name: String, preview: String) -> DetailContent {
        .facts([DetailContent.Fact("name", name), DetailContent.Fact("preview", preview)])
    }

    /// What fetching an object taught about it (a listing may lack size and type): the list
    /// row shows it from then on.
    mutating func learn(_ name: String, size: Int64, contentType: String?) {
        guard let index = storage.objects.firstIndex(where: { $0.name == name }) else { return }
        let known = storage.objects[index]
        storage.objects[index] = StorageObject(name: name, size: known.size ?? size, modified: known.modified,
                                               contentType: known.contentType ?? contentType)
    }

    /// `o NAME`: the object's folder, with the cursor on it and its preview in the detail, so
    /// that what `D` and `d` act on is the object shown.
    mutating func openObject(named name: String) -> [Effect] {
        let object = storage.objects.first { $0.name == name } ?? StorageObject(name: name, size: nil, modified: nil, contentType: nil)
        if !storage.objects.contains(where: { $0.name == name }) {
            storage.objects.append(object)
            storage.objects.sort { $0.name < $1.name }
        }
        if let slash = name.lastIndex(of: "/") { storage.folder = String(name[...slash]) } else { storage.folder = "" }
        let index = storage.entries.firstIndex(of: .object(object)) ?? 0
        storage.list.set(index, count: storage.entries.count, rows: layout.listRows)
        return previewObject(object)
    }

    /// `D`: the object under the cursor (the one the detail shows), to the downloads folder
    /// unless a full path is given; the prompt starts with the full path it would write.
    mutating func download(to argument: String?) -> [Effect] {
        guard case .object(let object)? = storage.entries[safe: storage.list.index] else {
            say("select an object to download (o opens one by name)", error: true); return []
        }
        let name = String(object.name.split(separator: "/").last ?? Substring(object.name))
        guard let path = argument?.trimmed, !path.isEmpty else {
            return ask(.download, prefill: downloadFolder + "/" + name)
        }
        let target = path.hasPrefix("/") || path.hasPrefix("~") ? path : downloadFolder + "/" + path
        return startTransfer(.download, name: object.name, request: .download(name: object.name, toPath: target))
    }

    /// `U`: the local file `path` to the object `name`.
    mutating func upload(_ path: String, as name: String) -> [Effect] {
        startTransfer(.upload, name: name, request: .write([.storageUpload(name: name, path: path)]))
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
