import ArgumentParser
import HyperJSON
import HyperStore

struct PathsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "paths",
        _superCommandName: HyperVision.toolName,
        abstract: "Print the folders hyper-vision uses (config, cache, state, data).",
        discussion: """
            The folders follow the XDG Base Directory specification: $XDG_CONFIG_HOME, \
            $XDG_CACHE_HOME, $XDG_STATE_HOME and $XDG_DATA_HOME, defaulting to ~/.config, \
            ~/.cache, ~/.local/state and ~/.local/share. Saved connections and the theme live in \
            the config file; the page cache (and the pages CLI reads left for it, in page_inbox), the \
            write journal and the drafts live in the cache and state folders; the embedded server keeps its data under DATA/nano.

            Examples:
              hyper-vision paths
              hyper-vision paths --json | jq -r .config_file
            """)

    @Flag(help: "Print a JSON object instead of aligned lines.")
    var json = false

    func run() {
        let paths = AppPaths.current
        let rows: [(String, String)] = [
            ("config", paths.config), ("config_file", paths.configFile), ("cache", paths.cache),
            ("state", paths.state), ("data", paths.data), ("page_cache", paths.store.cacheFile),
            ("page_inbox", paths.store.pageInboxDirectory), ("journal", paths.store.journalFile), ("drafts", paths.store.draftsDirectory), ("nano_data", paths.nanoData),
        ]
        if json {
            JSONOutput(prettyRequested: false).print(.object(JSONObject(uniqueKeysWithValues: rows.map { ($0, JSON($1)) })))
        } else {
            let width = rows.map(\.0.count).max() ?? 0
            for (name, path) in rows {
                StandardStreams.writeOut(name + String(repeating: " ", count: width - name.count + 2) + path + "\n")
            }
        }
    }
}
