import ArgumentParser
import HyperSession
import HyperStore

struct JournalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journal",
        _superCommandName: HyperVision.toolName,
        abstract: "Print the journal of writes made from hyper-vision, one JSON object per line.",
        discussion: """
            Every write made from the browser or the CLI (add, update, delete, cache set/remove, \
            search update/remove, queue retry/cancel, storage upload/remove) is recorded before it \
            is sent, with its before and after images and its outcome, in \
            $XDG_STATE_HOME/hyper-vision/journal.sqlite. Oldest first; each line has a \
            `summary` in words ("deleted document movie-0003", "cancelled job 42 in queue q"), \
            and the writes of one action share a `batch`. `hyper-vision undo` undoes one.

            Examples:
              hyper-vision journal
              hyper-vision journal --app 127.0.0.1:6363/-/test |
                jq 'select(.outcome=="failed")'
            """)

    @Option(help: ArgumentHelp("Only this app: host[:port]/app/domain, with - for no app.", valueName: "key"))
    var app: String?

    func run() throws {
        var key: AppKey?
        if let app {
            guard let parsed = AppKey(id: app) else {
                throw CLIFailure.usage("--app must be host[:port]/app/domain (use - when there is no cloud app), e.g. 127.0.0.1:6363/-/test")
            }
            key = parsed
        }
        let lines = try SessionCLI.run { () throws(SessionError) in
            try StoreCommands.journalLines(locations: SessionCLI.locations, app: key)
        }
        for line in lines { StandardStreams.writeOut(line + "\n") }
    }
}
