import ArgumentParser
import HyperClient
import HyperJSON
import HyperModel

/// A service's command group (`hyper-vision cache`, `data`, ...) as its `destroy` knows it.
/// `destroy` is the same command for every service (`--yes`, one unjournaled DELETE of the
/// domain's service, the server's answer printed), so it is written once, in `DestroyService`,
/// and its usage, path and example follow from the service's name.
protocol DestroyableService {
    static var service: HyperService { get }
    /// What `destroy` deletes, after "the domain's": "cache store and all its keys".
    static var destroyed: String { get }
    /// Said in `destroy --help` before the example, if anything.
    static var destroyWarning: String? { get }
    /// The domain `destroy --help`'s example names.
    static var destroyExampleDomain: String { get }
    static func destroy(_ client: HyperClient) async throws(HyperError) -> JSON
}

extension DestroyableService {
    static var destroyWarning: String? { nil }
}

/// A service created without settings (`PUT /SERVICE/DOMAIN` with no body): its `create` is
/// written once, in `CreateService`. (Search and queue take settings and have their own.)
protocol PlainCreatableService: DestroyableService {
    /// What `create` makes, after "Create the": "cache store".
    static var created: String { get }
    /// The domain `create --help`'s example names.
    static var createExampleDomain: String { get }
    static func create(_ client: HyperClient) async throws(HyperError) -> JSON
}

/// `hyper-vision SERVICE destroy --yes`.
struct DestroyService<Service: DestroyableService>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        let name = Service.service.rawValue
        return CommandConfiguration(
            commandName: "destroy",
            abstract: "Delete the domain's \(Service.destroyed) (DELETE /\(name)/DOMAIN).",
            usage: "hyper-vision \(name) destroy --yes [<options>]",
            discussion: (Service.destroyWarning.map { $0 + "\n\n" } ?? "") + """
                Examples:
                  hyper-vision \(name) destroy --domain \(Service.destroyExampleDomain) --yes
                """)
    }

    @OptionGroup var confirmation: Confirmation
    @OptionGroup var options: CLIOptions

    func run() async throws {
        try await options.printAnswer(writes: true, Service.destroy)
    }
}

/// `hyper-vision SERVICE create` for a service created without settings.
struct CreateService<Service: PlainCreatableService>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        let name = Service.service.rawValue
        return CommandConfiguration(
            commandName: "create",
            abstract: "Create the \(Service.created) for the domain (PUT /\(name)/DOMAIN).",
            usage: "hyper-vision \(name) create [<options>]",
            discussion: """
                Examples:
                  hyper-vision \(name) create --domain \(Service.createExampleDomain)
                """)
    }

    @OptionGroup var options: CLIOptions

    func run() async throws {
        try await options.printAnswer(writes: true, Service.create)
    }
}
