import ArgumentParser
import HyperSession

struct CacheClearCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache-clear",
        abstract: "Empty the local page cache ($XDG_CACHE_HOME/hyper-vision/cache.sqlite).",
        discussion: """
            The cache only holds pages already browsed, so clearing it loses nothing: pages are \
            fetched again when next shown. The journal and drafts are kept.

            Example:
              hyper-vision cache-clear
            """)

    func run() throws {
        let pages = try SessionCLI.run { () throws(SessionError) in
            try StoreCommands.clearCache(locations: SessionCLI.locations)
        }
        StandardStreams.writeError("cleared \(pages) cached page\(pages == 1 ? "" : "s")")
    }
}
