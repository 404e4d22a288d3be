import ArgumentParser

struct UndoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "undo",
        _superCommandName: HyperVision.toolName,
        abstract: "Undo a write made from hyper-vision (the app's newest, or journal entry ID).",
        usage: "hyper-vision undo [<entry>] [<options>]",
        discussion: """
            Puts the journal's before image back, or removes what was added, like `u` and \
            `:journal` in the browser, for every write of the same action (a bulk delete is one \
            step). The undos are themselves journaled; their journal entries are printed, and \
            stderr says in words what was undone. Writes that keep no before image (queue \
            retry/cancel, storage upload/remove) cannot be undone: without an entry they are \
            passed over (and named); given as the entry, the command says why and exits 1.

            Examples:
              hyper-vision undo
              hyper-vision journal |
                jq -c 'select(.target=="movie-1") | .id'
              hyper-vision undo 42
            """)

    @Argument(help: ArgumentHelp("The journal entry to undo (its `id` in `hyper-vision journal`), with the rest of its action. Default: the app's newest undoable write.",
                                 valueName: "entry"))
    var entry: Int64?

    @OptionGroup var options: CLIOptions

    func run() async throws {
        try await options.printUndo(entryID: entry)
    }
}
