import NIOCore
import NIOWebSocket
import WireFormat

/// Turns WebSocket frames into ``NT4InboundEvent``s, answers pings and close frames.
///
/// Lives on the channel's event loop only; the events go out through a `Sendable` stream continuation whose buffer
/// is bounded (the client creates it with `bufferingNewest`): when a frame does not fit, the server is sending faster
/// than the client handles frames, and the connection is closed as flooding.
final class NT4ChannelHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private let events: AsyncStream<NT4InboundEvent>.Continuation
    private var sentClose = false

    init(events: AsyncStream<NT4InboundEvent>.Continuation) {
        self.events = events
    }

    static func localMicros() -> Int64 {
        Int64(MonotonicClock.now() / 1_000)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = Self.unwrapInboundIn(data)
        let now = Self.localMicros()
        switch frame.opcode {
        case .text:
            self.queue(.text(String(buffer: frame.unmaskedData), receivedMicros: now), context: context)
        case .binary:
            var data = frame.unmaskedData
            self.queue(.binary(data.readBytes(length: data.readableBytes) ?? [], receivedMicros: now), context: context)
        case .ping:
            let pong = WebSocketFrame(fin: true, opcode: .pong, maskKey: .random(), data: frame.unmaskedData)
            context.writeAndFlush(Self.wrapOutboundOut(pong), promise: nil)
            self.events.yield(.control(receivedMicros: now))
        case .pong:
            self.events.yield(.control(receivedMicros: now))
        case .connectionClose:
            self.events.yield(.closed(reason: "server sent a WebSocket close frame"))
            self.sendCloseAndClose(context: context)
        default:
            self.events.yield(.failure("unexpected WebSocket opcode \(frame.opcode)"))
            self.sendCloseAndClose(context: context)
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { self.events.yield(.writable) }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.events.yield(.closed(reason: "TCP connection closed"))
        self.events.finish()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.events.finish()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        self.events.yield(.failure("WebSocket error: \(error)"))
        context.close(promise: nil)
    }

    /// Queues a frame for the client; if the queue is full, reports a flood and closes the connection.
    private func queue(_ event: NT4InboundEvent, context: ChannelHandlerContext) {
        guard !self.sentClose else { return }
        if case .dropped = self.events.yield(event) {
            self.events.yield(.flooded)
            self.sendCloseAndClose(context: context)
        }
    }

    private func sendCloseAndClose(context: ChannelHandlerContext) {
        guard !self.sentClose else { return }
        self.sentClose = true
        var data = context.channel.allocator.buffer(capacity: 2)
        data.write(webSocketErrorCode: .normalClosure)
        let close = WebSocketFrame(fin: true, opcode: .connectionClose, maskKey: .random(), data: data)
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(Self.wrapOutboundOut(close)).whenComplete { _ in bound.value.close(promise: nil) }
    }
}
