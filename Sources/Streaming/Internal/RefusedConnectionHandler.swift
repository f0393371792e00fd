import NIOCore

/// The whole pipeline of a connection the ``ConnectionGate`` refused: closes it as soon as it is active, without
/// reading or answering (closing during setup would make NIO report a failed accept for every refusal).
final class RefusedConnectionHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = Any

    func channelActive(context: ChannelHandlerContext) {
        context.close(promise: nil)
    }
}
