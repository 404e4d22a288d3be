/// Cursor and scroll offset of a list: the widget state of virtual scrolling. Only `top..<top+rows`
/// is ever drawn, whatever the number of items.
public struct ListCursor: Sendable, Equatable {
    public var index = 0
    public var top = 0
    /// Columns scrolled past (`h`/`l`), after the first one, which always shows.
    public var column = 0
    public init() {}

    /// Moves by `delta` (clamped to the items) and keeps the cursor on screen.
    public mutating func move(by delta: Int, count: Int, rows: Int) {
        set(index + delta, count: count, rows: rows)
    }

    public mutating func set(_ newIndex: Int, count: Int, rows: Int) {
        index = count == 0 ? 0 : min(max(0, newIndex), count - 1)
        clampTop(count: count, rows: rows)
    }

    /// Keeps `top` such that the cursor is visible and no space is wasted past the end.
    public mutating func clampTop(count: Int, rows: Int) {
        let rows = max(1, rows)
        if index < top { top = index }
        if index >= top + rows { top = index - rows + 1 }
        top = max(0, min(top, max(0, count - rows)))
    }
}
