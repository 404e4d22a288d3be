import HyperJSON

/// Prints answers on stdout: compact when piped (one line per answer, for `jq` and friends),
/// pretty on a terminal or when asked, keys always in the server's order.
struct JSONOutput {
    var pretty: Bool

    init(prettyRequested: Bool) {
        pretty = prettyRequested || StandardStreams.stdoutIsTerminal
    }

    func print(_ json: JSON) {
        StandardStreams.writeOut((pretty ? json.pretty(indent: 2) : json.compact) + "\n")
    }
}
