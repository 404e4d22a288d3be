import ArgumentParser

struct CompletionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "completions",
        abstract: "Print a shell completion script (bash, zsh or fish).",
        discussion: """
            The same script is available as `hyper-vision --generate-completion-script SHELL`.

            Examples:
              hyper-vision completions bash > /etc/bash_completion.d/hyper-vision
              hyper-vision completions zsh > "${fpath[1]}/_hyper-vision"
              hyper-vision completions fish > ~/.config/fish/completions/hyper-vision.fish
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
        StandardStreams.writeOut(HyperVision.completionScript(for: shell.completionShell))
    }
}
