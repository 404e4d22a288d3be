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
        .lifecycle(Service.service, "destroy", confirming: true,
                   abstract: "Delete the domain's \(Service.destroyed) (DELETE /\(Service.service.rawValue)/DOMAIN).",
                   note: Service.destroyWarning, exampleDomain: Service.destroyExampleDomain)
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
        .lifecycle(Service.service, "create", confirming: false,
                   abstract: "Create the \(Service.created) for the domain (PUT /\(Service.service.rawValue)/DOMAIN).",
                   note: nil, exampleDomain: Service.createExampleDomain)
    }

    @OptionGroup var options: CLIOptions

    func run() async throws {
        try await options.printAnswer(writes: true, Service.create)
    }
}

extension CommandConfiguration {
    /// `hyper-vision SERVICE VERB [--yes]`'s configuration: its usage and its one example follow
    /// from the service's name, the verb and whether `--yes` is needed.
    static func lifecycle(_ service: HyperService, _ verb: String, confirming: Bool,
                          abstract: String, note: String?, exampleDomain: String) -> CommandConfiguration {
        let command = "hyper-vision \(service.rawValue) \(verb)"
        let yes = confirming ? " --yes" : ""
        return CommandConfiguration(
            commandName: verb,
            abstract: abstract,
            usage: "\(command)\(yes) [<options>]",
            discussion: (note.map { $0 + "\n\n" } ?? "") + "Examples:\n  \(command) --domain \(exampleDomain)\(yes)")
    }
}
