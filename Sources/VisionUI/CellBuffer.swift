import VisionCore

/// A full frame as a grid of cells. Views draw into it; the terminal diffs it against the
/// previous frame and writes only the changes; tests read it back as text.
public struct CellBuffer: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell { cells[y * width + x] }

    /// Fills a rectangle with blanks of a role (background of a bar or a selected row).
    public mutating func fill(x: Int, y: Int, width w: Int, role: Role) {
        guard y >= 0, y < height, w > 0, x < width else { return }
        for column in max(0, x)..<max(max(0, x), min(width, x + w)) { set(column, y, Cell(text: " ", width: 1, role: role)) }
    }

    /// Draws `text` (escaped first, as all data is untrusted) from x on row y within `limit`
    /// columns, and returns how many columns it used.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, role: Role, limit: Int? = nil) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let end = min(width, x + (limit ?? width))
        var column = x
        var pending: Cell?
        func flush() {
            guard let cell = pending else { return }
            set(column, y, cell)
            if cell.width == 2 { set(column + 1, y, .continuation(role)) }
            column += Int(cell.width)
            pending = nil
        }
        for scalar in DisplayWidth.escaped(text).unicodeScalars {
            let w = DisplayWidth.of(scalar)
            if w <= 0 {
                // Combining marks and joiners ride on the previous character (at most 4 of them,
                // as a curses cell holds 5 characters).
                if pending != nil, pending!.text.unicodeScalars.count < 5 { pending!.text.unicodeScalars.append(scalar) }
                continue
            }
            flush()
            if column + w > end {
                // A wide character that does not fit leaves a blank, never half a glyph.
                if column < end { set(column, y, Cell(text: " ", width: 1, role: role)); column += 1 }
                return column - x
            }
            pending = Cell(text: String(scalar), width: UInt8(w), role: role)
        }
        flush()
        return column - x
    }

    /// Sets one cell, repairing any wide character it cuts in half.
    private mutating func set(_ x: Int, _ y: Int, _ cell: Cell) {
        guard x >= 0, x < width, y >= 0, y < height else { return }
        let index = y * width + x
        if cells[index].width == 0, x > 0, cells[index - 1].width == 2, cell.width != 0 {
            cells[index - 1] = Cell(text: " ", width: 1, role: cells[index - 1].role)
        }
        if cells[index].width == 2, cell.width != 2, x + 1 < width, cells[index + 1].width == 0 {
            cells[index + 1] = Cell(text: " ", width: 1, role: cells[index + 1].role)
        }
        if cell.width == 2, x + 1 >= width {
            cells[index] = Cell(text: " ", width: 1, role: cell.role)
            return
        }
        cells[index] = cell
    }

    /// The frame as plain text, one line per row, trailing spaces kept (exact widths).
    public var lines: [String] {
        (0..<height).map { y in
            var line = ""
            for x in 0..<width { line += self[x, y].text }
            return line
        }
    }

    /// The frame as text for snapshots: trailing spaces trimmed.
    public var text: String {
        lines.map { line in
            var trimmed = Substring(line)
            while trimmed.last == " " { trimmed.removeLast() }
            return String(trimmed)
        }.joined(separator: "\n")
    }
}
