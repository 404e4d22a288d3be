import ArgumentParser
import Foundation
import HyperClient
import HyperNano
import HyperStore
import VisionRuntime

/// `hyper-vision demo`: the embedded server with sample data on a free port, and the browser on it.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open the browser on sample data served by the embedded server (stopped on exit)."
    )

    @Option(help: "Number of sample documents.")
    var size = 5000

    @Option(help: "Theme name.")
    var theme: String?

    mutating func run() async throws {
        // A fixed folder, emptied on every start: even a killed demo leaves no litter behind.
        let folder = AppPaths.current.data + "/demo"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var configuration = NanoConfiguration(directory: folder)
        configuration.port = 0
        configuration.quiet = true
        configuration.purge = true
        configuration.seed = .demo(size: size)
        let server = try NanoServer(configuration: configuration)
        let port = try await server.start()
        let connection = try Connection.parse("http://127.0.0.1:\(port)/\(configuration.domain)")
        do {
            try await BrowseSession.run(ResolvedConnection(connection), theme: theme,
                                        resolve: { try BrowseConnections.resolve($0, ConnectionOptions.parse([])) })
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }
}
