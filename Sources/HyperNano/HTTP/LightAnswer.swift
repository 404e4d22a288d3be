import HTTPTypes
import Hummingbird
import NIOCore

/// The 200 to a light read (`NanoRoutes.read`), made on the calling thread: a JSON body, or a
/// stored object's open file, sent by the kernel (`FileBody`).
enum LightAnswer {
    case json(ByteBuffer)
    case file(OpenFile, contentType: String)

    /// The head's fields: the body's type and length.
    var headers: HTTPFields {
        switch self {
        case .json(let body):
            return Reply.headers(of: body)
        case .file(let file, let contentType):
            var headers = HTTPFields()
            headers.append(HTTPField(name: .contentType, value: contentType))
            headers.append(HTTPField(name: .contentLength, value: String(file.size)))
            return headers
        }
    }

    /// As Hummingbird's response, written on `channel` (the request's connection).
    func response(channel: any Channel) -> Response {
        switch self {
        case .json(let body): Reply.body(body)
        case .file(let file, let contentType): FileBody.response(file, contentType: contentType, channel: channel)
        }
    }
}
