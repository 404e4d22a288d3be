import NIOCore
import NIOHTTPTypes

/// A handler of nano's among a connection's decoded HTTP parts (after Hummingbird's HTTP codec):
/// request parts in, response parts out.
protocol HTTPPartHandler: ChannelDuplexHandler, RemovableChannelHandler
where InboundIn == HTTPRequestPart, InboundOut == HTTPRequestPart, OutboundIn == HTTPResponsePart,
      OutboundOut == HTTPResponsePart {}
