import HyperClient
import HyperModel

/// The one-line prompt: editing, history (Up/Down), completion (Tab) and submitting.
extension AppState {
    var historyKey: String? {
        switch prompt?.kind {
        case .query(let pane)?: "query-\(pane.title.lowercased())"
        case .command?: "command"
        default: nil
        }
    }

    mutating func promptKey(_ key: Key) -> [Effect] {
        guard var current = prompt else { return [] }
        switch key {
        case .esc:
            prompt = nil
            return []
        case .enter:
            prompt = nil
            return submit(current)
        case .tab:
            complete(&current)
        case .backspace where current.text.isEmpty:
            prompt = nil
            return []
        case .ctrl("c"):
            prompt = nil
            return run(.quit, argument: nil)
        case .up, .down:
            recall(&current, older: key == .up)
        default:
            guard current.line.apply(key) else { return [] }
            current.completions = []
        }
        prompt = current
        return []
    }

    private mutating func recall(_ prompt: inout PromptState, older: Bool) {
        guard let key = historyKey, let entries = history[key], !entries.isEmpty else { return }
        let index: Int
        if older {
            index = max(0, (prompt.historyIndex ?? entries.count) - 1)
        } else {
            guard let current = prompt.historyIndex else { return }
            if current + 1 >= entries.count { prompt.historyIndex = nil; prompt.line.replace(with: ""); return }
            index = current + 1
        }
        prompt.historyIndex = index
        prompt.line.replace(with: entries[index])
    }

    mutating func remember(_ text: String) {
        guard let key = historyKey, !text.isEmpty else { return }
        let kept = prompt?.kind == .command ? Self.maskingSecrets(text) : text
        var entries = history[key] ?? []
        entries.removeAll { $0 == kept }
        entries.append(kept)
        history[key] = Array(entries.suffix(100))
    }

    /// A command line as history keeps it: history is recalled on screen, so a connection string
    /// typed at `:connect` is kept with its secret masked (recalling it means typing the secret
    /// again). Word by word: the connection string is one word of the line.
    static func maskingSecrets(_ line: String) -> String {
        line.split(separator: " ", omittingEmptySubsequences: false).map { Connection.masked(String($0)) }.joined(separator: " ")
    }

    mutating func submit(_ submitted: PromptState) -> [Effect] {
        let text = submitted.text
        prompt = submitted
        remember(text.trimmed)
        prompt = nil
        switch submitted.kind {
        case .query(let target):
            return applyQuery(text, in: target)
        case .argument(let id):
            return run(id, argument: text)
        case .command:
            let trimmed = text.trimmed
            guard !trimmed.isEmpty else { return [] }
            let name = String(trimmed.prefix { $0 != " " })
            let rest = String(trimmed.dropFirst(name.count)).trimmed
            guard let command = CommandTable.named(name) else {
                say("unknown command :\(name) (Tab completes, ? lists them)", error: true)
                return []
            }
            if let panes = command.panes, !panes.contains(pane), let first = panes.first {
                pane = first
            }
            return run(command.id, argument: command.argument == .none ? nil : (rest.isEmpty ? nil : rest))
        }
    }

    /// `/` in each pane: its own query language.
    mutating func applyQuery(_ text: String, in target: Pane) -> [Effect] { target.model.query(&self, text) }

    /// Tab: a single candidate is filled in; with several, the first is filled in, all are listed
    /// under the prompt, and further presses cycle through them.
    private func candidates(for text: String, kind: PromptState.Kind) -> (base: String, options: [String]) {
        func argumentOptions(_ argument: ArgumentKind) -> [String] {
            switch argument {
            case .domain: knownDomains
            case .theme: themeNames
            case .connection: savedConnections
            case .none, .text: []
            }
        }
        switch kind {
        case .query:
            return ("", [])
        case .argument(let id):
            return ("", argumentOptions(CommandTable.command(id).argument).filter { $0.hasPrefix(text) })
        case .command:
            guard let space = text.firstIndex(of: " ") else {
                return ("", CommandTable.paletteNames.filter { $0.hasPrefix(text) })
            }
            let name = String(text[..<space])
            let argument = String(text[text.index(after: space)...])
            guard let command = CommandTable.named(name) else { return ("", []) }
            return (name + " ", argumentOptions(command.argument).filter { $0.hasPrefix(argument) })
        }
    }

    private func complete(_ prompt: inout PromptState) {
        if !prompt.completions.isEmpty, let index = prompt.completionIndex {
            let next = (index + 1) % prompt.completions.count
            prompt.completionIndex = next
            let (prefix, _) = splitBase(prompt.text, kind: prompt.kind)
            prompt.line.replace(with: prefix + prompt.completions[next])
            return
        }
        let (base, options) = candidates(for: prompt.text, kind: prompt.kind)
        guard !options.isEmpty else { return }
        if options.count == 1 {
            prompt.line.replace(with: base + options[0] + (prompt.kind == .command && base.isEmpty ? " " : ""))
            prompt.completions = []
            return
        }
        prompt.completions = options
        prompt.completionIndex = 0
        prompt.line.replace(with: base + options[0])
    }

    /// The part of the prompt text before the word being completed.
    private func splitBase(_ text: String, kind: PromptState.Kind) -> (String, String) {
        guard kind == .command, let space = text.firstIndex(of: " ") else { return ("", text) }
        return (String(text[...space]), String(text[text.index(after: space)...]))
    }
}
