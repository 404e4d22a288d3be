import HyperJSON
import HyperModel

/// One service's calls on the client (`client.data`, `client.cache`, ...): what they share is
/// where their URLs point, and `destroy`, which is the same DELETE for every service. Public so
/// that `destroy` (and `create`, below) is written once here and still callable as
/// `client.cache.destroy()`, and so that the CLI can name a service's calls generically.
public protocol ServiceAPI: Sendable {
    static var service: HyperService { get }
    /// The client the calls go through.
    var client: HyperClient { get }
}

extension ServiceAPI {
    /// The URL of `path` under the service in the connection's domain.
    func url(_ path: [String] = [], query: [(String, String)] = []) throws(HyperError) -> String {
        try client.url(Self.service, path, query: query)
    }

    /// Deletes the domain's service and everything in it (`DELETE /SERVICE/DOMAIN`).
    public func destroy() async throws(HyperError) -> JSON { try await client.call("DELETE", try url()) }
}

/// A service created without settings (data, cache, storage). Search and queue take settings in
/// the body of their PUT, so they have their own `create`.
public protocol PlainCreatableAPI: ServiceAPI {}

extension PlainCreatableAPI {
    /// Creates the domain's service (`PUT /SERVICE/DOMAIN`, no body).
    public func create() async throws(HyperError) -> JSON { try await client.call("PUT", try url()) }
}
