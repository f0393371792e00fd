import Logging
import NIOCore

/// Logs why an accepted client connection could not be set up (a refused socket option, a full pipeline):
/// SwiftNIO closes such a connection before any HTTP is spoken, so without this the client just sees an
/// empty reply and the server says nothing.
final class AcceptErrorLogger: ChannelInboundHandler, Sendable {
    typealias InboundIn = Any

    private let logger: Logger

    init(logger: Logger) {
        self.logger = logger
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A connection closed while it was being set up (evicted by the connection gate, or gone) is expected.
        if let error = error as? ChannelError, error == .ioOnClosedChannel || error == .alreadyClosed {
            self.logger.debug("a client connection closed while it was being set up", metadata: ["error": "\(error)"])
            return
        }
        self.logger.warning("a client connection could not be set up and was closed", metadata: ["error": "\(error)"])
    }
}
