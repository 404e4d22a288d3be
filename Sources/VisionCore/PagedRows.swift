import HyperJSON

/// The data list's rows, held a page at a time. A page not in memory costs nothing: the rows
/// count is a number, so memory is flat however many rows the list has been scrolled through
/// (issue 9, goal 2). Indexed like an array; a row whose page is not in memory reads as `.null`.
public struct PagedRows: RandomAccessCollection, Sendable, Equatable {
    public let pageSize: Int
    /// The rows of the pages in memory, by page number.
    private var pages: [Int: [JSON]] = [:]
    public private(set) var endIndex = 0
    public var startIndex: Int { 0 }

    public init(pageSize: Int) { self.pageSize = pageSize }

    /// Row `index`, or `.null` while its page is not in memory.
    public subscript(index: Int) -> JSON {
        let page = pages[index / pageSize]
        let offset = index % pageSize
        return page.map { offset < $0.count ? $0[offset] : .null } ?? .null
    }

    /// The pages whose rows are in memory.
    public var residentPages: Dictionary<Int, [JSON]>.Keys { pages.keys }

    /// The rows held in memory.
    public var rowsHeld: Int { pages.values.reduce(0) { $0 + $1.count } }

    /// The rows of `page` (clamped to the rows there are).
    public func rows(of page: Int) -> Range<Int> {
        Swift.min(page * pageSize, endIndex)..<Swift.min((page + 1) * pageSize, endIndex)
    }

    /// Adds rows after the last one, filling its page first.
    mutating func append(contentsOf rows: [JSON]) {
        var rest = rows[...]
        while !rest.isEmpty {
            let page = endIndex / pageSize
            let taken = rest.prefix(pageSize - endIndex % pageSize)
            // A last page no longer in memory starts again with its earlier rows unknown (`.null`).
            pages[page, default: Array(repeating: .null, count: endIndex % pageSize)].append(contentsOf: taken)
            endIndex += taken.count
            rest = rest.dropFirst(taken.count)
        }
    }

    /// Forgets the rows from `start` on.
    mutating func removeRows(from start: Int) {
        guard start < endIndex else { return }
        let page = start / pageSize
        let kept = pages[page].map { Array($0.prefix(start - page * pageSize)) }
        pages = pages.filter { $0.key < page }
        if let kept, !kept.isEmpty { pages[page] = kept }
        endIndex = start
    }

    /// Lets go of a page's rows (the page cache on disk keeps them).
    mutating func drop(page: Int) { pages[page] = nil }

    /// Puts a page read again in place (as much of it as the rows count).
    mutating func put(_ rows: [JSON], inPage page: Int) {
        let count = self.rows(of: page).count
        guard count > 0 else { return }
        pages[page] = Array(rows.prefix(count))
    }
}
