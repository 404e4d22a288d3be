import ArgumentParser
import Foundation
import Glibc
import HyperNano

/// `hyper-vision nano`: runs the embedded hyper-compatible server until SIGINT/SIGTERM. This is
/// the program `hyper-vision-nano`, which `hyper-vision nano` runs (see NanoProgram there).
struct NanoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        // As users type it (`hyper-vision nano`): ArgumentParser's messages name it so.
        commandName: "hyper-vision nano",
        abstract: "Serve a local hyper-compatible API: data, cache, search, storage and queue.",
        usage: "hyper-vision nano [<options>]",
        discussion: """
            Creates the domain's five services when missing. Data lives in --dir \
            (default $XDG_DATA_HOME/hyper-vision/nano). Connect with http://HOST:PORT/DOMAIN.
            """)

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one).") var port = 6363
    @Option(help: "Folder for the database and the storage buckets.") var dir: String?
    @Option(help: "The domain whose services are created on start.") var domain = "test"
    @Option(help: "Require HS256 JWTs signed with this secret (needs --sub).") var secret: String?
    @Option(help: "The JWT subject (the connection string's key) that --secret accepts.") var sub: String?
    @Option(help: "Load a sample into the domain: 'demo'.") var seed: String?
    @Option(help: "Number of demo documents.") var size = 5000
    @Option(help: ArgumentHelp("Stop a data or search query running this long (503).", valueName: "seconds"))
    var queryTimeout = Self.seconds(NanoLimits().queryTimeout)
    @Flag(help: "Empty the domain's services before serving.") var purge = false
    @Flag(help: "Do not log each request.") var quiet = false
    @Option(help: ArgumentHelp(
        "Let web pages from this origin (scheme://host[:port]) call nano; repeatable. '*' allows any page, without credentials. Default: none.",
        valueName: "origin")) var cors: [String] = []
    /// `hyper-vision demo` runs nano as its child and passes its own pid: nano stops once that
    /// process is gone (its parent changes), killed or not, rather than serve on alone.
    @Option(help: ArgumentHelp(visibility: .private)) var stopWithParent: Int32?
    @Option(help: "Open connections at most; at the cap the longest-idle one is closed for a new one.")
    var maxConnections = NanoLimits().maxConnections
    @Option(help: ArgumentHelp("Close a connection idle this long.", valueName: "seconds"))
    var idleTimeout = Self.seconds(NanoLimits().idleTimeout)
    @Option(help: ArgumentHelp("Drop a client that takes longer to send a request head (408).", valueName: "seconds"))
    var headerTimeout = Self.seconds(NanoLimits().headerTimeout)
    @Option(help: "Heavy requests (queries, lists, bulk writes) run at once.")
    var heavyLimit = NanoLimits().heavyRequests
    @Option(help: "Heavy requests that may wait their turn; more are answered 503 with Retry-After.")
    var heavyBacklog = NanoLimits().heavyBacklog

    func validate() throws {
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
        if heavyLimit < 1 { throw ValidationError("--heavy-limit must be at least 1.") }
        if heavyBacklog < 0 { throw ValidationError("--heavy-backlog must be 0 or more.") }
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    func run() async throws {
        var configuration = NanoConfiguration(
            directory: dir ?? NanoConfiguration.defaultDirectory(environment: ProcessInfo.processInfo.environment))
        configuration.host = host
        configuration.port = port
        configuration.domain = domain
        configuration.secret = secret
        configuration.sub = sub
        configuration.quiet = quiet
        configuration.purge = purge
        configuration.seed = seed == nil ? nil : .demo(size: size)
        configuration.stopsOnSignals = true
        configuration.corsOrigins = cors
        configuration.limits.maxConnections = maxConnections
        configuration.limits.idleTimeout = .milliseconds(Int64(idleTimeout * 1000))
        configuration.limits.headerTimeout = .milliseconds(Int64(headerTimeout * 1000))
        configuration.limits.heavyRequests = heavyLimit
        configuration.limits.heavyBacklog = heavyBacklog
        configuration.limits.queryTimeout = .milliseconds(Int64(queryTimeout * 1000))
        let server: NanoServer
        do {
            server = try NanoServer(configuration: configuration)
            _ = try await server.start()
            if quiet {  // the server logs this itself otherwise; with --port 0 it is the only way to learn the port
                FileHandle.standardError.write(Data("hyper-vision nano serving domain '\(domain)' at \(server.baseURL)\n".utf8))
            }
        } catch {
            let message = "hyper-vision nano: cannot serve on \(host):\(port) from \(configuration.directory): \(error)\n"
            FileHandle.standardError.write(Data(message.utf8))
            throw ExitCode.failure
        }
        if let stopWithParent { Self.stop(server, whenParentIsNot: stopWithParent) }
        await server.waitUntilStopped()
    }

    /// Checks once a second that `parent` is still nano's parent, and stops the server when not.
    private static func stop(_ server: NanoServer, whenParentIsNot parent: Int32) {
        Task {
            while getppid() == parent {
                try? await Task.sleep(for: .seconds(1))
            }
            await server.stop()
        }
    }
}
