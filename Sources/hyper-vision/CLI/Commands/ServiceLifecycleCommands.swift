import ArgumentParser
import HyperClient
import HyperModel

/// A service's command group (`hyper-vision cache`, `data`, ...) as its `destroy` knows it.
/// `destroy` is the same command for every service (`--yes`, one unjournaled DELETE of the
/// domain's service, the server's answer printed), so it is written once, in `DestroyService`,
/// and its usage, path and example follow from the service's name.
protocol DestroyableService {
    associatedtype API: ServiceAPI
    /// The service's calls on a client (`\.cache`); the service's name follows from them.
    static var api: KeyPath<HyperClient, API> { get }
    /// What `destroy` deletes, after "the domain's": "cache store and all its keys".
    static var destroyed: String { get }
    /// Said in `destroy --help` before the example, if anything.
    static var destroyWarning: String? { get }
    /// The domain `destroy --help`'s example names.
    static var destroyExampleDomain: String { get }
}

extension DestroyableService {
    static var destroyWarning: String? { nil }
    static var service: HyperService { API.service }
}

/// A service created without settings (`PUT /SERVICE/DOMAIN` with no body): its `create` is
/// written once, in `CreateService`. (Search and queue take settings and have their own.)
protocol PlainCreatableService: DestroyableService where API: PlainCreatableAPI {
    /// What `create` makes, after "Create the": "cache store".
    static var created: String { get }
    /// The domain `create --help`'s example names.
    static var createExampleDomain: String { get }
}

/// `hyper-vision SERVICE destroy --yes`.
struct DestroyService<Service: DestroyableService>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        .lifecycle(Service.service, "destroy", confirming: true,
                   abstract: "Delete the domain's \(Service.destroyed) (DELETE /\(Service.service.rawValue)/DOMAIN).",
                   note: Service.destroyWarning, exampleDomain: Service.destroyExampleDomain)
    }

    @OptionGroup var confirmation: Confirmation
    @OptionGroup var options: CLIOptions

    func run() async throws {
        try await options.printAnswer(writes: true) { client in try await client[keyPath: Service.api].destroy() }
    }
}

/// `hyper-vision SERVICE create` for a service created without settings.
struct CreateService<Service: PlainCreatableService>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        .lifecycle(Service.service, "create", confirming: false,
                   abstract: "Create the \(Service.created) for the domain (PUT /\(Service.service.rawValue)/DOMAIN).",
                   note: nil, exampleDomain: Service.createExampleDomain)
    }

    @OptionGroup var options: CLIOptions

    func run() async throws {
        try await options.printAnswer(writes: true) { client in try await client[keyPath: Service.api].create() }
    }
}

extension CommandConfiguration {
    /// `hyper-vision SERVICE VERB [--yes]`'s configuration: its usage and its one example follow
    /// from the service's name, the verb and whether `--yes` is needed.
    static func lifecycle(_ service: HyperService, _ verb: String, confirming: Bool,
                          abstract: String, note: String?, exampleDomain: String) -> CommandConfiguration {
        let superCommand = HyperVision.superCommandName(of: service.rawValue)
        let command = "\(superCommand) \(verb)"
        let yes = confirming ? " --yes" : ""
        return CommandConfiguration(
            commandName: verb,
            _superCommandName: superCommand,
            abstract: abstract,
            usage: "\(command)\(yes) [<options>]",
            discussion: (note.map { $0 + "\n\n" } ?? "") + "Examples:\n  \(command) --domain \(exampleDomain)\(yes)")
    }
}
