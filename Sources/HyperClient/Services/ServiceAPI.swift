import HyperModel

/// One service's calls on the client (`client.data`, `client.cache`, ...): what they share is
/// where their URLs point.
protocol ServiceAPI {
    static var service: HyperService { get }
    var client: HyperClient { get }
}

extension ServiceAPI {
    /// The URL of `path` under the service in the connection's domain.
    func url(_ path: [String] = [], query: [(String, String)] = []) -> String {
        client.url(Self.service, path, query: query)
    }
}
