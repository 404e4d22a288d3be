import HyperJSON

/// One hyper request as it goes on the wire, relative to the app: the service, the method, the
/// path below `/{service}/{domain}`, the query (in the order it is sent), the JSON body and any
/// extra header. The client sends exactly this, and the page cache keys an answer by exactly
/// this: one encoder serves both, so they cannot drift apart.
public struct HyperCall: Sendable, Equatable {
    public struct QueryItem: Sendable, Hashable {
        public let name: String
        public let value: String
        public init(_ name: String, _ value: String) { self.name = name; self.value = value }
    }

    public let service: HyperService
    public let method: String
    public let path: [String]
    public let query: [QueryItem]
    public let body: JSON?
    /// The caller asked for hyper's `{ok:true, doc}` envelope around one document (data and
    /// cache GET by id with `X-HYPER-LEGACY-GET: false`); servers that ignore the header send
    /// the bare document. `Envelope.document(of:)` reads both.
    public let asksForDocumentEnvelope: Bool

    public init(_ service: HyperService, _ method: String = "GET", path: [String] = [], query: [(String, String)] = [],
                body: JSON? = nil, asksForDocumentEnvelope: Bool = false) {
        self.service = service
        self.method = method
        self.path = path
        self.query = query.map { QueryItem($0.0, $0.1) }
        self.body = body
        self.asksForDocumentEnvelope = asksForDocumentEnvelope
    }

    /// The header that asks for the document envelope (hyper-api.md 3.1).
    public static let documentEnvelopeHeader = (name: "X-HYPER-LEGACY-GET", value: "false")

    public var queryPairs: [(String, String)] { query.map { ($0.name, $0.value) } }
}
