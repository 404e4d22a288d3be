import ArgumentParser
import Foundation
import HyperClient
import HyperSession
import HyperStore
import VisionRuntime

/// `hyper-vision demo`: the embedded server with sample data, and the browser on it.
struct Demo: AsyncParsableCommand {
    // Named here, as every command is: without it ArgumentParser derives the name with
    // `String(describing:)`, a reflection that costs every CLI start (it walks all commands).
    static let configuration = CommandConfiguration(
        commandName: "demo",
        _superCommandName: HyperVision.toolName,
        abstract: "Open the browser on sample data served by the embedded server (stopped on exit).",
        usage: "hyper-vision demo [--port <port>] [--dir <folder>] [<options>]",
        discussion: """
            The server's data is fresh on every start. One demo runs per folder: a second one \
            says where the first serves. Drafts and the journal of the demo outlive its port, \
            so edits not written are waiting in the next demo. From another shell, \
            `export HYPER=<the URL it prints>` reaches its server.
            """
    )

    @Option(help: "Number of sample documents.")
    var size = 5000

    @Option(help: "Theme name.")
    var theme: String?

    @Option(help: "Port to serve on (default: a free one).")
    var port: Int?

    @Option(help: ArgumentHelp("Folder for the demo server's data (default $XDG_DATA_HOME/hyper-vision/demo).",
                               valueName: "folder"))
    var dir: String?

    func validate() throws {
        if size < 1 { throw ValidationError("--size must be at least 1.") }
        if let port, !(1...65535).contains(port) { throw ValidationError("--port must be between 1 and 65535.") }
    }

    mutating func run() async throws {
        let folder = dir ?? AppPaths.current.data + "/demo"
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw CLIFailure(message: "cannot create \(folder): \(error.localizedDescription)", exitCode: 1)
        }
        // Before anything else: a second demo in this folder would purge the first one's data.
        let lock = try DemoLock(folder: folder)
        let server = try await DemoServer.start(folder: folder, port: port ?? 0, size: size, domain: "test")
        defer { server.stop() }
        let url = server.url
        lock.serving(url)
        let identity = DemoIdentity(instance: server.instance, port: server.port, domain: "test")
        let adopted = identity.begin()
        defer { identity.end() }
        let reach = "from another shell: export HYPER=\(url)"
        print("demo: sample data at \(url) (data in \(folder))\n\(reach)")
        // The line to copy first: narrow screens cut the message's end.
        var greeting = "export HYPER=\(url) reaches this demo from another shell"
        if adopted > 0 { greeting += "; kept \(adopted) drafts and journal entries of earlier demos" }
        try await BrowseSession.run(ResolvedConnection(try Connection.parse(url)), theme: theme, greeting: greeting,
                                    resolve: { try BrowseConnections.resolve($0, ConnectionOptions.parse([])) })
    }
}

/// The demo's lasting identity in local state: while it runs, sessions on its address (the
/// browser, a CLI in another shell) key drafts and the journal by its nano instance rather
/// than by its port, which is random (`LocalServers`).
struct DemoIdentity {
    let addresses: [String]
    let key: AppKey?
    let servers = LocalServers(directory: AppPaths.current.store.serversDirectory)

    init(instance: String, port: Int, domain: String) {
        addresses = ["127.0.0.1:\(port)", "localhost:\(port)"]
        key = instance.isEmpty ? nil : try? AppKey(host: "nano-" + instance, domain: domain)
    }

    /// Registers the identity and adopts what earlier demos left under their random ports;
    /// returns how many drafts and journal entries were adopted.
    func begin() -> Int {
        guard let key else { return 0 }
        for address in addresses { try? servers.register(address: address, identity: key.host) }
        let moved = LocalStore(locations: AppPaths.current.store).adoptRandomPortState(into: key)
        return moved.drafts + moved.entries
    }

    func end() {
        for address in addresses { servers.unregister(address: address) }
    }
}
