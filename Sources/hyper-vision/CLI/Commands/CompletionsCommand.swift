import ArgumentParser

struct CompletionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "completions",
        _superCommandName: HyperVision.toolName,
        abstract: "Print a shell completion script (bash, zsh or fish).",
        discussion: """
            Completes commands, options, saved connection names (after -c, and as the first \
            argument, which opens the browser) and file names where a file is expected. \
            `hyper-vision --generate-completion-script SHELL` prints ArgumentParser's script \
            without the bash adjustments.

            Examples:
              hyper-vision completions bash \\
                > /etc/bash_completion.d/hyper-vision
              hyper-vision completions zsh \\
                > "${fpath[1]}/_hyper-vision"
              hyper-vision completions fish \\
                > ~/.config/fish/completions/hyper-vision.fish
            """)

    enum Shell: String, ExpressibleByArgument, CaseIterable {
        case bash, zsh, fish
        var completionShell: CompletionShell {
            switch self {
            case .bash: .bash
            case .zsh: .zsh
            case .fish: .fish
            }
        }
    }

    @Argument(help: "The shell to complete for.")
    var shell: Shell

    func run() {
        let script = HyperVision.completionScript(for: shell.completionShell)
        StandardStreams.writeOut(shell == .bash ? Self.adjustedForBash(script) : script)
    }

    /// ArgumentParser's bash script with two changes. Its `complete -o filenames` treats every
    /// word as a file name: a folder named `data` in the current directory turned the
    /// subcommand `data` into `data/`; file-name handling is now switched on only where a file
    /// is completed. And the root's first argument also completes saved connection names
    /// (`hyper-vision NAME` opens the browser), as `browse NAME` does. A script whose shape
    /// has changed is left as it is (a test checks that the adjustments apply).
    static func adjustedForBash(_ script: String) -> String {
        var script = script.replacingOccurrences(
            of: "complete -o filenames -F _hyper-vision hyper-vision", with: "complete -F _hyper-vision hyper-vision")
        script = script.replacingOccurrences(
            of: "__hyper-vision_add_completions -f", with: "compopt -o filenames; __hyper-vision_add_completions -f")
        let anchor = "        # Offer subcommand completions\n"
        guard let range = script.range(of: anchor),
              let lineEnd = script[range.upperBound...].firstIndex(of: "\n") else { return script }
        let savedNames = """
                    # Saved connections: `hyper-vision NAME` opens the browser on one.
                    [[ "${cur}" = -* ]] || __hyper-vision_add_completions -W "$(__hyper-vision_custom_complete ---completion browse -- positional@0 "${COMP_CWORD}" "$(__hyper-vision_cursor_index_in_current_word)")"

            """
        script.insert(contentsOf: savedNames, at: script.index(after: lineEnd))
        return script
    }
}
