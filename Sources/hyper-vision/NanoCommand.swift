import ArgumentParser
import Foundation
import HyperNano

/// `hyper-vision nano`: runs the embedded hyper-compatible server until SIGINT/SIGTERM.
struct NanoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nano",
        abstract: "Serve a local hyper-compatible API: data, cache, search, storage and queue.",
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
    @Option(help: "Seconds a data or search query may run before it is stopped with a 503.") var queryTimeout = 5.0
    @Flag(help: "Empty the domain's services before serving.") var purge = false
    @Flag(help: "Do not log each request.") var quiet = false

    func validate() throws {
        if let seed, seed != "demo" { throw ValidationError("--seed accepts only 'demo', not '\(seed)'.") }
        if (secret == nil) != (sub == nil) { throw ValidationError("--secret and --sub go together.") }
        if let secret, secret.isEmpty { throw ValidationError("--secret must not be empty.") }
        if size < 1 { throw ValidationError("--size must be at least 1.") }
        if !(0...65535).contains(port) { throw ValidationError("--port must be between 0 and 65535.") }
        if !(queryTimeout > 0 && queryTimeout <= 86_400) {
            throw ValidationError("--query-timeout must be more than 0 and at most 86400 seconds.")
        }
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
        configuration.queryTimeout = .nanoseconds(Int64((queryTimeout * 1e9).rounded()))
        configuration.stopsOnSignals = true
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
        await server.waitUntilStopped()
    }
}
