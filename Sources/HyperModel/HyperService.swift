/// The five hyper service types; the raw value is the path segment hyper uses for each.
public enum HyperService: String, Sendable, CaseIterable {
    case data, cache, search, storage, queue
}
