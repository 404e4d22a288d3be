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
            return []
        case .folder(let name):
            storage.folder += name + "/"
            storage.list = ListCursor()
            return []
        case .object(let object):
            return previewObject(object)
        }
    }

    /// Small objects are fetched and shown as text or JSON; others show their size and type.
    static let previewLimit: Int64 = 256 * 1024

    mutating func previewObject(_ object: StorageObject) -> [Effect] {
        if !storage.objects.contains(where: { $0.name == object.name }) { storage.objects.append(object) }
        focus = .detail
        let facts = Self.objectFacts(object)
        if let size = object.size, size > Self.previewLimit {
            storage.detail.show(.facts(facts + [.init("preview", "too large; D downloads it")]), title: object.name)
            return []
        }
        if let type = object.contentType, !(type.hasPrefix("text/") || type.contains("json")) {
            storage.detail.show(.facts(facts), title: object.name)
            return []
        }
        storage.detail.show(.loading(object.name), title: object.name)
        return [begin(.preview(name: object.name, maxBytes: Self.previewLimit), "fetching \(object.name)", .storagePreview)]
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
