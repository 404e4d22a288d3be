import Hummingbird
import NIOCore

/// The 200 to a light read (`NanoRoutes.read`), made on the calling thread: a JSON body, or a
/// stored object's open file, sent by the kernel (`FileBody`).
enum LightAnswer {
    case json(ByteBuffer)
    case file(OpenFile, contentType: String)

    /// As Hummingbird's response, written on `channel` (the request's connection).
    func response(channel: any Channel) -> Response {
        switch self {
        case .json(let body): Reply.body(body)
        case .file(let file, let contentType): FileBody.response(file, contentType: contentType, channel: channel)
        }
    }
}
