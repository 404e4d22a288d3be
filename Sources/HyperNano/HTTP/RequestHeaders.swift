import HTTPTypes
import NIOHTTP1

/// A request's header fields where they were decoded: Hummingbird's HTTP types, or NIO's HTTP/1
/// head for a read answered on the event loop (`ReadLane`), which is never converted.
enum RequestHeaders: Sendable {
    case fields(HTTPFields)
    case http1(HTTPHeaders)

    /// The named field's value, names compared without case; several fields of the name are
    /// joined with ", ", as `HTTPFields` joins them.
    subscript(name: String) -> String? {
        switch self {
        case .fields(let fields):
            return HTTPField.Name(name).flatMap { fields[$0] }
        case .http1(let headers):
            let values = headers[name]
            return values.isEmpty ? nil : values.joined(separator: ", ")
        }
    }
}
