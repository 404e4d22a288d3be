import VisionCore

/// Title bar, tabs, status line and prompt: the frame around the panes.
enum Chrome {
    static func titleBar(_ buffer: inout CellBuffer, _ state: AppState, _ rect: Rect) {
        let (label, role): (String, Role) = switch state.online {
        case .connecting: ("connecting", .title)
        case .online: ("● online", .online)
        case .offline: ("○ offline", .offline)
        }
        let readOnly = state.connection.readOnly ? " [read-only]" : ""
        let left = [
            Segment(" hyper-vision ", .title),
            Segment(" \(state.connection.label)", .title),
            Segment("  domain \(state.connection.domain)\(readOnly)", .title),
        ]
        let status = " \(label) "
        let width = DisplayWidth.of(status)
        buffer.fill(x: rect.x, y: rect.y, width: rect.width, role: .title)
        buffer.put(left, x: rect.x, y: rect.y, width: rect.width - width - 1)
        buffer.put(status, x: rect.x + rect.width - width, y: rect.y, role: role)
    }

    /// Roomy tabs when they fit; tighter, then inactive ones without their title, on narrow screens.
    static func tabs(_ buffer: inout CellBuffer, _ state: AppState, _ rect: Rect) {
        buffer.fill(x: rect.x, y: rect.y, width: rect.width, role: .tab)
        let variants: [(padding: String, titles: Bool)] = [(" ", true), ("", true), ("", false)]
        for (index, variant) in variants.enumerated() {
            let texts = Pane.allCases.map { pane in
                let title = variant.titles || pane == state.pane ? " " + pane.title : ""
                return variant.padding + "\(pane.rawValue)\(title)\(count(pane, state))" + variant.padding
            }
            let width = texts.reduce(0) { $0 + DisplayWidth.of($1) + 1 }
            guard width <= rect.width || index == variants.count - 1 else { continue }
            var x = rect.x
            for (pane, text) in zip(Pane.allCases, texts) {
                x += buffer.put(text, x: x, y: rect.y, role: pane == state.pane ? .tabActive : .tab, limit: rect.x + rect.width - x)
                x += buffer.put(" ", x: x, y: rect.y, role: .tab, limit: 1)
            }
            return
        }
    }

    /// Counts in the tabs: documents loaded (`+` while more exist), keys, matches, objects, and
    /// the queue's ERROR/READY jobs: each pane says its own.
    static func count(_ pane: Pane, _ state: AppState) -> String { state[pane].tabCount }

    static func statusLine(_ buffer: inout CellBuffer, _ state: AppState, _ rect: Rect) {
        buffer.fill(x: rect.x, y: rect.y, width: rect.width, role: .status)
        var left: [Segment] = [Segment(" \(position(state)) ", .status)]
        if let query = state[state.pane].statusQuery { left.append(Segment(" \(query) ", .status)) }
        if let fetched = state.cachedAt[state.pane] {
            left.append(Segment(" cached \(Format.relative(state.now - fetched)) ", .busy))
        }
        if state.pane == .queue && state.queue.watching { left.append(Segment(" watching 2s ", .busy)) }
        if let transfer = state.storage.transfer {
            left.append(contentsOf: ProgressBar.segments(transfer, now: state.now, width: min(30, rect.width / 3)))
        } else if let oldest = state.oldestRunning, state.now - oldest.request.started >= 1 {
            let elapsed = Format.duration(state.now - oldest.request.started)
            left.append(Segment(" ⟳ \(oldest.request.title) \(elapsed) (Esc cancels) ", .busy))
        }
        let used = buffer.put(left, x: rect.x, y: rect.y, width: rect.width)
        let hintText = state.pane.model.hints.map { id, word in
            "\(CommandTable.command(id).keys.first.map { $0.map(\.label).joined() } ?? "") \(word)"
        }.joined(separator: "  ") + " "
        let hintWidth = DisplayWidth.of(hintText)
        if used + hintWidth + 2 <= rect.width {
            buffer.put(hintText, x: rect.x + rect.width - hintWidth, y: rect.y, role: .status)
        }
    }

    static func position(_ state: AppState) -> String {
        let count = state.listCount
        let more = state[state.pane].hasMore ? "+" : ""
        return count == 0 ? "0/0\(more)" : "\(state.listCursor.index + 1)/\(count)\(more)"
    }

    static func promptLine(_ buffer: inout CellBuffer, _ state: AppState, _ rect: Rect) {
        if let prompt = state.prompt {
            var segments = [Segment(prompt.label, .prompt)] + editedText(prompt.line, width: rect.width - DisplayWidth.of(prompt.label))
            if !prompt.completions.isEmpty {
                segments.append(Segment("   " + prompt.completions.joined(separator: " "), .dim))
            }
            buffer.put(segments, x: rect.x, y: rect.y, width: rect.width)
        } else if let message = state.message {
            buffer.put(message.text, x: rect.x, y: rect.y, role: message.isError ? .error : .message, limit: rect.width)
        } else if !state.pendingKeys.isEmpty {
            buffer.put(state.pendingKeys.map(\.label).joined(), x: rect.x, y: rect.y, role: .dim, limit: rect.width)
        }
    }

    /// The prompt's text with its cursor (a reversed cell) or its selection (the whole text
    /// reversed), scrolled so that the cursor stays within `width` columns.
    static func editedText(_ line: LineEditor, width: Int) -> [Segment] {
        if line.selected { return [Segment(line.text, .cursor), Segment(" ", .normal)] }
        var (before, after) = line.split
        let under = after.first.map(String.init) ?? " "
        after = String(after.dropFirst())
        let room = width - DisplayWidth.of(DisplayWidth.escaped(under))
        if DisplayWidth.of(DisplayWidth.escaped(before)) > room {
            // Keep the end of what is before the cursor (where one types) visible.
            var kept = ""
            for character in before.reversed() {
                let candidate = String(character) + kept
                guard DisplayWidth.of(DisplayWidth.escaped(candidate)) <= room - 1 else { break }
                kept = candidate
            }
            before = "…" + kept
        }
        return [Segment(before, .normal), Segment(under, .cursor), Segment(after, .normal)]
    }
}

/// The progress bar of a transfer: bytes, percentage, rate and ETA.
enum ProgressBar {
    static func segments(_ transfer: Transfer, now: Double, width: Int) -> [Segment] {
        let elapsed = max(0.001, now - transfer.started)
        let rate = Double(transfer.bytes) / elapsed
        let verb = transfer.direction == .download ? "↓" : "↑"
        var segments = [Segment(" \(verb) \(transfer.name) ", .busy)]
        if let total = transfer.total, total > 0 {
            let fraction = min(1, Double(transfer.bytes) / Double(total))
            let filled = Int(fraction * Double(width))
            segments.append(Segment(String(repeating: " ", count: filled), .progress))
            segments.append(Segment(String(repeating: " ", count: max(0, width - filled)), .progressEmpty))
            let eta = rate > 0 ? Format.duration(Double(total - transfer.bytes) / rate) : "?"
            segments.append(Segment(" \(Int(fraction * 100))% \(Format.bytes(transfer.bytes))/\(Format.bytes(total)) \(Format.bytes(Int64(rate)))/s ETA \(eta) ", .busy))
        } else {
            segments.append(Segment(" \(Format.bytes(transfer.bytes)) \(Format.bytes(Int64(rate)))/s ", .busy))
        }
        return segments
    }
}
