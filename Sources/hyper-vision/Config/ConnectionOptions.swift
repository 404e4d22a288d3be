import ArgumentParser
import Foundation
import HyperClient
import VisionRuntime

/// The connection options of both front ends, in one group: the CLI's commands and the browser
/// take the same flags, and a saved connection can carry the same settings (flags win).
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
        "Send this bearer token instead of a JWT signed with the connection's secret. Default: the saved connection's token or token_command, else $HYPER_TOKEN.",
        valueName: "token"))
    var token: String?

    @Flag(help: "Log each request and response on stderr (secrets masked; the browser writes it to its log).")
    var debug = false

    @Flag(help: "Do not touch the network: read the pages cached earlier (reads only).")
    var offline = false

    @Flag(help: "Refuse every write.")
    var readOnly = false

    func validate() throws {
        if let timeout, !(timeout > 0) { throw ValidationError("--timeout must be a positive number of seconds") }
    }

    /// Resolves `target` (a connection string or a saved connection's name; default `-c`, then
    /// `$HYPER`) with these flags over the saved connection's settings.
    func resolve(_ target: String? = nil, environment: [String: String] = ProcessEnvironment.all) throws -> ResolvedConnection {
        let resolver = ConnectionResolver(environment: environment)
        let resolved = try resolver.resolve(target ?? connection ?? environment["HYPER"], serviceName: service, domain: domain)
        let saved = resolved.saved
        var options = ClientOptions()
        if let seconds = timeout ?? saved?.timeout { options.totalTimeout = seconds }
        options.insecure = insecure || saved?.insecure == true
        options.caCertPath = cacert ?? saved?.cacert
        if let maxAnswer { options.maxAnswerBytes = maxAnswer.bytes }
        options.bearerToken = try token ?? saved?.bearerToken() ?? environment["HYPER_TOKEN"]
        if debug {
            // The client masks the secret, JWTs and the bearer token in these lines.
            options.debugLog = { line in StandardStreams.writeError(line) }
        }
        let readOnlyReason: String? = if readOnly {
            "--read-only"
        } else if let saved, saved.readOnly {
            "read_only = true on saved connection \(saved.name)"
        } else {
            nil
        }
        return ResolvedConnection(resolved.connection, options: options, savedName: saved?.name, theme: saved?.theme,
                                  readOnlyReason: readOnlyReason)
    }
}
