import ArgumentParser

/// The options of `hyper-vision nano`, declared once for both programs: `hyper-vision-nano`,
/// which serves with them, and `hyper-vision`, whose `nano` command checks them, lists them in
/// its help and its shell completions, and passes them on (`NanoProgram`).
public struct NanoOptions: ParsableArguments {
    /// What both programs' help says of the command.
    public static let abstract = "Serve a local hyper-compatible API: data, cache, search, storage and queue."
    public static let discussion = """
        Creates the domain's five services when missing. Data lives in --dir \
        (default $XDG_DATA_HOME/hyper-vision/nano). Connect with http://HOST:PORT/DOMAIN.
        """

    @Option(help: "Address to listen on.") public var host = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one).") public var port = 6363
    @Option(help: "Folder for the database and the storage buckets.") public var dir: String?
    @Option(help: "The domain whose services are created on start.") public var domain = "test"
    @Option(help: "Require HS256 JWTs signed with this secret (needs --sub).") public var secret: String?
    @Option(help: "The JWT subject (the connection string's key) that --secret accepts.") public var sub: String?
    @Option(help: "Load a sample into the domain: 'demo'.") public var seed: String?
    @Option(help: "Number of demo documents.") public var size = 5000
    @Option(help: ArgumentHelp("Stop a data or search query running this long (503).", valueName: "seconds"))
    public var queryTimeout = Self.seconds(NanoLimits().queryTimeout)
    @Flag(help: "Empty the domain's services before serving.") public var purge = false
    @Flag(help: "Do not log each request.") public var quiet = false
    @Option(help: ArgumentHelp(
        "Let web pages from this origin (scheme://host[:port]) call nano; repeatable. '*' allows any page, without credentials. Default: none.",
        valueName: "origin")) public var cors: [String] = []
    /// `hyper-vision demo` runs nano as its child and passes its own pid: nano stops once that
    /// process is gone (its parent changes), killed or not, rather than serve on alone.
    @Option(help: ArgumentHelp(visibility: .private)) public var stopWithParent: Int32?
    @Option(help: "Open connections at most; at the cap the longest-idle one is closed for a new one.")
    public var maxConnections = NanoLimits().maxConnections
    @Option(help: ArgumentHelp("Close a connection idle this long.", valueName: "seconds"))
    public var idleTimeout = Self.seconds(NanoLimits().idleTimeout)
    @Option(help: ArgumentHelp("Drop a client that takes longer to send a request head (408).", valueName: "seconds"))
    public var headerTimeout = Self.seconds(NanoLimits().headerTimeout)
    @Option(help: ArgumentHelp("At a stop (Ctrl-C, SIGTERM), wait this long for answers being sent (downloads) to finish; 0 cuts them.",
                               valueName: "seconds"))
    public var drainTimeout = Self.seconds(NanoLimits().drainTimeout)
    @Option(help: "Heavy requests (queries, lists, bulk writes) run at once.")
    public var heavyLimit = NanoLimits().heavyRequests
    @Option(help: "Heavy requests that may wait their turn; more are answered 503 with Retry-After.")
    public var heavyBacklog = NanoLimits().heavyBacklog
    @Option(help: ArgumentHelp("Refuse (400) a list or query whose documents pass this many MiB: ask for fewer with limit.",
                               valueName: "MiB"))
    public var maxAnswerMib = NanoLimits().maxAnswerBytes / 1_048_576

    public func validate() throws {
        if let seed, seed != "demo" { throw ValidationError("--seed accepts only 'demo', not '\(seed)'.") }
        if (secret == nil) != (sub == nil) { throw ValidationError("--secret and --sub go together.") }
        if let secret, secret.isEmpty { throw ValidationError("--secret must not be empty.") }
        if size < 1 { throw ValidationError("--size must be at least 1.") }
        if !(0...65535).contains(port) { throw ValidationError("--port must be between 0 and 65535.") }
        for origin in cors where !CORSOrigin.isValid(origin) {
            throw ValidationError("--cors takes an origin such as http://localhost:3000 (scheme, host, optional port) or '*', not '\(origin)'.")
        }
        if maxConnections < 1 { throw ValidationError("--max-connections must be at least 1.") }
        let durations = [("--idle-timeout", idleTimeout), ("--header-timeout", headerTimeout), ("--query-timeout", queryTimeout)]
        for (flag, value) in durations where !(value > 0 && value <= 86_400) {
            throw ValidationError("\(flag) must be more than 0 and at most 86400 seconds.")
        }
        // 0: a stop cuts what is being sent at once.
        if !(0...86_400).contains(drainTimeout) { throw ValidationError("--drain-timeout must be between 0 and 86400 seconds.") }
        if heavyLimit < 1 { throw ValidationError("--heavy-limit must be at least 1.") }
        if heavyBacklog < 0 { throw ValidationError("--heavy-backlog must be 0 or more.") }
        if !(1...65_536).contains(maxAnswerMib) { throw ValidationError("--max-answer-mib must be between 1 and 65536.") }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    public init() {}
}
