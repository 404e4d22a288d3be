import ArgumentParser
import HyperSession

struct CacheClearCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache-clear",
        _superCommandName: HyperVision.toolName,
        abstract: "Empty the local page cache ($XDG_CACHE_HOME/hyper-vision/cache.sqlite).",
        discussion: """
            The cache only holds pages already browsed, so clearing it loses nothing: pages are \
            fetched again when next shown. The journal and drafts are kept. A cache file that \
            cannot be opened (damaged, truncated, not a database) is removed, so the next run \
            starts a new one.

            Example:
              hyper-vision cache-clear
            """)

    func run() throws {
        let locations = SessionCLI.locations
        switch try SessionCLI.run({ () throws(SessionError) in try StoreCommands.clearCache(locations: locations) }) {
        case .pages(let pages):
            StandardStreams.writeError("cleared \(pages) cached page\(pages == 1 ? "" : "s")")
        case .removedDamaged(let reason):
            StandardStreams.writeError("removed the damaged page cache (\(reason)); the next run starts a new one")
        }
    }
}
