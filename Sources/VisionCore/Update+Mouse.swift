/// `:mouse`: the wheel scrolls and a click selects, in the list or the detail under the pointer.
extension AppState {
    static let wheelStep = 3

    mutating func mouse(_ event: MouseEvent) -> [Effect] {
        let layout = self.layout
        let area: Focus
        let rect: Rect
        if contains(layout.list, event) { area = .list; rect = layout.list }
        else if contains(layout.detail, event) { area = .detail; rect = layout.detail }
        else { return [] }
        focus = area
        switch event.kind {
        case .wheelUp: return move(by: -Self.wheelStep)
        case .wheelDown: return move(by: Self.wheelStep)
        case .click:
            // Row 0 of each area is its header.
            let row = event.y - rect.y - 1
            guard row >= 0 else { return [] }
            let top = area == .list ? listCursor.top : detail.cursor.top
            let count = area == .list ? listCount : detail.lineCount
            guard top + row < count else { return [] }
            return move(to: top + row)
        }
    }

    private func contains(_ rect: Rect, _ event: MouseEvent) -> Bool {
        event.x >= rect.x && event.x < rect.x + rect.width && event.y >= rect.y && event.y < rect.y + rect.height
    }
}
