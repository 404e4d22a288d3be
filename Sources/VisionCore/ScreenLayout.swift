/// A rectangle of cells.
public struct Rect: Sendable, Equatable {
    public var x: Int, y: Int, width: Int, height: Int
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x; self.y = y; self.width = max(0, width); self.height = max(0, height)
    }
}

/// Where each part of the screen goes for a terminal size. Pure geometry, shared by `update`
/// (page sizes, scrolling) and the views, so both always agree.
public struct ScreenLayout: Sendable, Equatable {
    public static let minimumWidth = 60
    public static let minimumHeight = 16
    /// From this width on, list and detail sit side by side; below it they are stacked.
    public static let sideBySideWidth = 100

    public let width: Int
    public let height: Int
    public let titleBar: Rect
    public let tabs: Rect
    public let list: Rect
    public let detail: Rect
    public let statusLine: Rect
    public let promptLine: Rect
    public let sideBySide: Bool

    public var isTooSmall: Bool { width < Self.minimumWidth || height < Self.minimumHeight }

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        titleBar = Rect(x: 0, y: 0, width: width, height: 1)
        tabs = Rect(x: 0, y: 1, width: width, height: 1)
        statusLine = Rect(x: 0, y: height - 2, width: width, height: 1)
        promptLine = Rect(x: 0, y: height - 1, width: width, height: 1)
        let bodyTop = 2
        let bodyHeight = max(0, height - 4)
        sideBySide = width >= Self.sideBySideWidth
        if sideBySide {
            let listWidth = width * 45 / 100
            list = Rect(x: 0, y: bodyTop, width: listWidth, height: bodyHeight)
            detail = Rect(x: listWidth + 1, y: bodyTop, width: width - listWidth - 1, height: bodyHeight)
        } else {
            let listHeight = bodyHeight / 2
            list = Rect(x: 0, y: bodyTop, width: width, height: listHeight)
            detail = Rect(x: 0, y: bodyTop + listHeight + 1, width: width, height: bodyHeight - listHeight - 1)
        }
    }

    /// Rows of the list that show items: one line of the list area is its header.
    public var listRows: Int { max(1, list.height - 1) }
    /// Rows of the detail that show content: one line is its title.
    public var detailRows: Int { max(1, detail.height - 1) }
    /// Rows of a dialog's box (two lines under the screen's top, two above its bottom).
    public var dialogHeight: Int { max(3, height - 4) }
    /// Rows of a scrolling dialog's text: the box without its frame, the line that says what
    /// is below, and the keys' line.
    public var dialogBodyRows: Int { max(1, dialogHeight - 4) }
}
