import HyperJSON
import VisionCore

/// The detail area: a JSON tree (folding, colours, relative dates, wrapped strings, paged
/// arrays), text, facts, or a state line.
enum DetailView {
    static func draw(_ buffer: inout CellBuffer, _ detail: DetailState, focused: Bool, now: Double, in rect: Rect) {
        guard rect.height > 0 else { return }
        // The focused area's title bar is marked by a glyph as well as its role, so that it
        // shows without colour (NO_COLOR, mono).
        let bar = FocusMark.bar(focused)
        buffer.put([Segment(FocusMark.glyph(focused) + (detail.title.isEmpty ? "detail" : detail.title), bar)],
                   x: rect.x, y: rect.y, width: rect.width, fill: bar)
        let body = Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: rect.height - 1)
        switch detail.content {
        case .empty(let text): buffer.putParagraph(text, in: Rect(x: body.x + 1, y: body.y, width: body.width - 1, height: body.height), role: .dim)
        case .loading(let what): buffer.put("loading \(what)…", x: body.x + 1, y: body.y, role: .dim, limit: body.width - 1)
        case .failure(let text): buffer.putParagraph(text, in: Rect(x: body.x + 1, y: body.y, width: body.width - 1, height: body.height), role: .error)
        case .json(let value):
            let nodes = detail.tree.flatten(value)
            let blocks = nodes.map { lines(for: $0, width: body.width - 1, now: now, whole: detail.tree.expanded.contains($0.path)) }
            drawBlocks(&buffer, blocks, cursor: detail.cursor, focused: focused, in: body)
        case .text(let text):
            let blocks = text.split(separator: "\n", omittingEmptySubsequences: false).map {
                Wrap.lines([Segment(String($0), .normal)], width: body.width - 1, indent: 0)
            }
            drawBlocks(&buffer, blocks, cursor: detail.cursor, focused: focused, in: body)
        case .facts(let facts):
            let labelWidth = facts.map { DisplayWidth.of($0.label) }.max() ?? 0
            let blocks = facts.map { fact in
                Wrap.lines([Segment(DisplayWidth.fit(fact.label, to: labelWidth) + "  ", .key), Segment(fact.value, .normal)],
                           width: body.width - 1, indent: labelWidth + 2)
            }
            drawBlocks(&buffer, blocks, cursor: detail.cursor, focused: focused, in: body)
        }
    }

    /// Draws blocks (one per cursor position, each one or more wrapped lines) scrolled so the
    /// cursor's block is on screen.
    static func drawBlocks(_ buffer: inout CellBuffer, _ blocks: [[[Segment]]], cursor: ListCursor, focused: Bool, in rect: Rect) {
        guard !blocks.isEmpty, rect.height > 0 else { return }
        var starts: [Int] = []
        var total = 0
        for block in blocks { starts.append(total); total += block.count }
        let index = min(cursor.index, blocks.count - 1)
        var top = starts[min(cursor.top, blocks.count - 1)]
        let cursorStart = starts[index], cursorEnd = cursorStart + blocks[index].count
        if cursorStart < top { top = cursorStart }
        if cursorEnd > top + rect.height { top = max(0, cursorEnd - rect.height) }
        var y = 0
        var blockIndex = starts.lastIndex { $0 <= top } ?? 0
        var lineInBlock = top - starts[blockIndex]
        while y < rect.height, blockIndex < blocks.count {
            let block = blocks[blockIndex]
            let isCursor = focused && blockIndex == index
            buffer.put([Segment(" ", .normal)] + block[lineInBlock], x: rect.x, y: rect.y + y, width: rect.width,
                       fill: isCursor ? .cursor : nil, override: isCursor ? .cursor : nil)
            y += 1
            lineInBlock += 1
            if lineInBlock >= block.count { blockIndex += 1; lineInBlock = 0 }
        }
    }

    /// The lines of one tree node: a value longer than the line is cut to one line ending in
    /// `…` unless shown `whole` (Enter or `l` on it), then wrapped. Indentation stops growing
    /// where it would leave less than 24 columns, so a node 500 levels deep still shows its
    /// label and value.
    static func lines(for node: TreeNode, width: Int, now: Double, whole: Bool = false) -> [[Segment]] {
        let levels = min(node.depth, max(0, (width - 24) / 2))
        var segments: [Segment] = [Segment(String(repeating: "  ", count: levels), .normal)]
        switch node.kind {
        case .container(_, _, let folded): segments.append(Segment(folded ? "▸ " : "▾ ", .punctuation))
        case .scalar: segments.append(Segment("  ", .normal))
        case .more: break
        }
        switch node.label {
        case .root: break
        case .member(let name): segments += [Segment(name, .key), Segment(": ", .punctuation)]
        case .element(let index): segments.append(Segment("\(index): ", .punctuation))
        }
        switch node.kind {
        case .scalar(let value): segments += scalarSegments(value, now: now)
        case .container(let isArray, let count, let folded):
            let unit = isArray ? (count == 1 ? "item" : "items") : (count == 1 ? "key" : "keys")
            segments.append(Segment(isArray ? (folded ? "[…]" : "[") : (folded ? "{…}" : "{"), .punctuation))
            segments.append(Segment(" \(count) \(unit)", .dim))
        case .more(let remaining):
            segments.append(Segment("  … \(remaining) more (Enter shows \(min(remaining, JSONTreeState.arrayPage)) more)", .dim))
        }
        let wrapped = Wrap.lines(segments, width: width, indent: levels * 2 + 4)
        if wrapped.count > 1, !whole, case .scalar = node.kind { return [oneLine(segments, width: width)] }
        return wrapped
    }

    /// The segments cut to `width` columns, the last one ending in `…`.
    static func oneLine(_ segments: [Segment], width: Int) -> [Segment] {
        var used = 0
        var line: [Segment] = []
        for segment in segments {
            let text = DisplayWidth.escaped(segment.text)
            let columns = DisplayWidth.of(text)
            if used + columns <= width {
                line.append(Segment(text, segment.role))
                used += columns
                continue
            }
            line.append(Segment(DisplayWidth.truncate(text, to: width - used), segment.role))
            break
        }
        return line
    }

    static func scalarSegments(_ value: JSON, now: Double) -> [Segment] {
        switch value {
        case .string(let text):
            var segments = [Segment("\"" + text + "\"", .string)]
            if let date = ValueText.isoDate(text) { segments.append(Segment("  " + Format.relative(now - date), .date)) }
            return segments
        case .number(let n): return [Segment(n.text, .number)]
        case .bool(let b): return [Segment(b ? "true" : "false", .boolean)]
        case .null: return [Segment("null", .null)]
        default: return [Segment(ValueText.preview(value), .normal)]
        }
    }
}
