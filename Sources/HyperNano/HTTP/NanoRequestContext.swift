import Hummingbird
import NIOCore

/// Hummingbird's basic request context plus the connection the request came on: a query asks
/// the server's `ConnectionRegistry` whether that connection's client is still there.
struct NanoRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        channel = source.channel
    }
}
