import VisionCore

/// A run of text in one role: the unit views compose lines from.
public struct Segment: Equatable, Sendable {
    public var text: String
    public var role: Role
    public init(_ text: String, _ role: Role) { self.text = text; self.role = role }
}

extension CellBuffer {
    /// Draws segments left to right within `width` columns; a `fill` role paints the rest.
    @discardableResult
    public mutating func put(_ segments: [Segment], x: Int, y: Int, width: Int, fill: Role? = nil, override: Role? = nil) -> Int {
        if let fill { self.fill(x: x, y: y, width: width, role: override ?? fill) }
        var used = 0
        for segment in segments where used < width {
            // Matched search terms stay marked even on the cursor row.
            let role = segment.role == .highlight ? .highlight : override ?? segment.role
            used += put(segment.text, x: x + used, y: y, role: role, limit: width - used)
        }
        return used
    }
}

enum Wrap {
    /// Breaks segments into lines of at most `width` columns (by columns, not words: data has
    /// long tokens); continuation lines start with `indent` spaces.
    static func lines(_ segments: [Segment], width: Int, indent: Int) -> [[Segment]] {
        guard width > indent + 1 else { return [segments] }
        var lines: [[Segment]] = []
        var current: [Segment] = []
        var used = 0
        func newLine() {
            lines.append(current)
            current = [Segment(String(repeating: " ", count: indent), .normal)]
            used = indent
        }
        for segment in segments {
            var run = ""
            for scalar in DisplayWidth.escaped(segment.text).unicodeScalars {
                let w = max(0, DisplayWidth.of(scalar))
                if used + w > width {
                    current.append(Segment(run, segment.role))
                    run = ""
                    newLine()
                }
                run.unicodeScalars.append(scalar)
                used += w
            }
            if !run.isEmpty { current.append(Segment(run, segment.role)) }
        }
        lines.append(current)
        return lines
    }

    /// Breaks prose (a notice, an error) into at most `maxRows` lines of at most `width`
    /// columns at spaces; a word wider than the line is broken by columns. Each word is measured
    /// once: a long server error is drawn on every frame.
    static func words(_ text: String, width: Int, maxRows: Int) -> [String] {
        guard width > 1 else { return [text] }
        var rows: [String] = []
        var current = ""
        var used = 0
        for word in text.split(separator: " ") where rows.count < maxRows {
            let wordWidth = DisplayWidth.of(DisplayWidth.escaped(String(word)))
            if !current.isEmpty && used + 1 + wordWidth <= width {
                current += " " + word
                used += 1 + wordWidth
                continue
            }
            if !current.isEmpty { rows.append(current) }
            let pieces = wordWidth <= width ? [String(word)]
                : lines([Segment(String(word), .normal)], width: width, indent: 0).map { $0.map(\.text).joined() }
            rows += pieces.dropLast()
            current = pieces.last ?? ""
            used = DisplayWidth.of(DisplayWidth.escaped(current))
        }
        rows.append(current)
        return Array(rows.prefix(maxRows))
    }
}

extension CellBuffer {
    /// Draws prose word-wrapped into `rect`; what does not fit its height is left out.
    mutating func putParagraph(_ text: String, in rect: Rect, role: Role) {
        for (row, line) in Wrap.words(text, width: rect.width, maxRows: rect.height).enumerated() {
            put(line, x: rect.x, y: rect.y + row, role: role, limit: rect.width)
        }
    }
}
