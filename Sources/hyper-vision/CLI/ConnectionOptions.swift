import ArgumentParser
import Foundation
import HyperClient
import HyperJSON

/// The options every command that talks to hyper accepts, in one group.
struct ConnectionOptions: ParsableArguments {
    @Option(name: [.short, .long], help: ArgumentHelp(
        "A connection string (http://[KEY:SECRET@]host:port/DOMAIN, cloud://KEY:SECRET@host/APP) or the name of a connection saved in config.toml. Default: $HYPER.",
        valueName: "connection"),
        completion: .custom { _, _, _ in SavedConnectionNames.all() })
    var connection: String?

    @Option(help: ArgumentHelp("The cloud service name (cloud:// connections; default \"default\").", valueName: "name"))
    var service: String?

    @Option(help: ArgumentHelp("Use this domain instead of the connection string's (OSS and nano).", valueName: "name"))
    var domain: String?

    @Flag(help: "Do not verify the server's TLS certificate.")
    var insecure = false

    @Option(help: ArgumentHelp("Verify TLS with the CA certificates in FILE.", valueName: "file"), completion: .file())
    var cacert: String?

    @Option(help: ArgumentHelp("Give up on a request after this many seconds (default 30).", valueName: "seconds"))
    var timeout: Double?

    @Option(help: ArgumentHelp(
        "Stop and fail (exit 3) when an answer passes SIZE once decompressed: bytes or 512K, 256M, 2G (default 256M). Downloads to a file or stdout are not limited.",
        valueName: "size"))
    var maxAnswer: ByteSize?

    @Option(help: ArgumentHelp(
        "Send this bearer token instead of a JWT signed with the connection's secret. Default: $HYPER_TOKEN.",
        valueName: "token"))
    var token: String?

    @Flag(help: "Log each request and response on stderr (secrets masked).")
    var debug = false

    @Flag(help: "Pretty-print JSON even when stdout is not a terminal.")
    var pretty = false

    @Flag(help: "Do not touch the network: print the page as cached when it was last read (reads only; exit 3 when it was never read).")
    var offline = false

    func validate() throws {
        if let timeout, !(timeout > 0) { throw ValidationError("--timeout must be a positive number of seconds") }
    }

    var output: JSONOutput { JSONOutput(prettyRequested: pretty) }

    /// Sends one request with a client for the chosen connection and prints the server's answer:
    /// what most commands do.
    func printAnswer(writes: Bool, _ request: (HyperClient) async throws -> JSON) async throws {
        let hyper = try client(writes: writes)
        output.print(try await request(hyper))
    }

    /// A client for the chosen connection. `writes` says whether the command changes anything,
    /// so saved connections marked `read_only` can refuse it.
    /// Under `--offline` there is none: only page reads answer, from the cache.
    func client(writes: Bool) throws -> HyperClient {
        if offline { throw Self.offlineFailure }
        let (connection, options) = try clientSettings(writes: writes)
        return HyperClient(connection: connection, options: options)
    }

    /// The chosen connection and the client options the flags ask for (see `client(writes:)`).
    func clientSettings(writes: Bool) throws -> (Connection, ClientOptions) {
        let environment = ProcessEnvironment.all
        let resolved = try ConnectionResolver(environment: environment)
            .resolve(connection ?? environment["HYPER"], serviceName: service, domain: domain)
        if writes, let saved = resolved.saved, saved.readOnly {
            throw CLIFailure.usage(
                "connection '\(saved.name)' is read-only (read_only = true in config.toml); this command writes")
        }
        var options = ClientOptions()
        if let timeout { options.totalTimeout = timeout }
        if let maxAnswer { options.maxAnswerBytes = maxAnswer.bytes }
        options.insecure = insecure
        options.caCertPath = cacert
        options.bearerToken = token ?? environment["HYPER_TOKEN"]
        if debug {
            // The client masks the secret, JWTs and the bearer token in these lines.
            options.debugLog = { line in StandardStreams.writeError(line) }
        }
        return (resolved.connection, options)
    }
}
