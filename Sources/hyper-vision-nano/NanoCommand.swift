import ArgumentParser
import Foundation
import Glibc
import HyperNano
import NanoOptions

/// `hyper-vision nano`: runs the embedded hyper-compatible server until SIGINT/SIGTERM. This is
/// the program `hyper-vision-nano`, which `hyper-vision nano` runs (see NanoProgram there).
struct NanoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        // As users type it (`hyper-vision nano`): ArgumentParser's messages name it so.
        commandName: "hyper-vision nano",
        abstract: NanoOptions.abstract,
        usage: "hyper-vision nano [<options>]",
        discussion: NanoOptions.discussion)

    @OptionGroup var options: NanoOptions

    func run() async throws {
        let configuration = options.configuration
        let server: NanoServer
        do {
            server = try NanoServer(configuration: configuration)
            _ = try await server.start()
            if options.quiet {  // the server logs this itself otherwise; with --port 0 it is the only way to learn the port
                FileHandle.standardError.write(Data("hyper-vision nano serving domain '\(options.domain)' at \(server.baseURL)\n".utf8))
            }
        } catch {
            let message = "hyper-vision nano: cannot serve on \(options.host):\(options.port) from \(configuration.directory): \(error)\n"
            FileHandle.standardError.write(Data(message.utf8))
            throw ExitCode.failure
        }
        if let parent = options.stopWithParent { Self.stop(server, whenParentIsNot: parent) }
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

extension NanoOptions {
    /// The server's configuration as the options say.
    var configuration: NanoConfiguration {
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
        configuration.limits.drainTimeout = .milliseconds(Int64(drainTimeout * 1000))
        configuration.limits.heavyRequests = heavyLimit
        configuration.limits.heavyBacklog = heavyBacklog
        configuration.limits.queryTimeout = .milliseconds(Int64(queryTimeout * 1000))
        configuration.limits.maxAnswerBytes = maxAnswerMib * 1_048_576
        return configuration
    }
}
