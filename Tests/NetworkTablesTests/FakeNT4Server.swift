import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket
import Synchronization
import WireFormat

@testable import NetworkTables

/// A tiny WebSocket server on 127.0.0.1 that misbehaves on purpose (or answers time sync like an NT4 server).
final class FakeNT4Server: Sendable {
    enum Behavior: Sendable {
        /// Sends a binary frame that is not MessagePack right after the upgrade.
        case garbageBinary
        /// Sends a text frame that is not JSON right after the upgrade.
        case garbageText
        /// Accepts the WebSocket, then never sends anything.
        case silent
        /// Answers time sync requests like an NT4 server.
        case answerTimeSync
        /// Answers the first time sync request, then stops reading (a stalled link: TCP buffers fill up).
        case stallAfterSync
    }

    let connections = Mutex(0)
    let received = Mutex<[NT4BinaryMessage]>([])
    let receivedText = Mutex<[String]>([])
    /// Whether a `.stallAfterSync` server has stopped reading.
    let stalled = Mutex(false)
    private let channel: any Channel
    let port: Int

    private init(channel: any Channel) {
        self.channel = channel
        self.port = channel.localAddress?.port ?? 0
    }

    /// Starts the server on an ephemeral port of 127.0.0.1.
    static func start(_ behavior: Behavior, subprotocol: String? = NT4Client.subprotocol41) async throws
        -> FakeNT4Server
    {
        try await WebSocketTestServer.start(subprotocol: subprotocol, make: FakeNT4Server.init) { server, channel in
            server.connections.withLock { $0 += 1 }
            try channel.pipeline.syncOperations.addHandler(FakeServerHandler(behavior: behavior, server: server))
        }
    }

    func stop() async {
        try? await self.channel.close()
    }
}

private final class FakeServerHandler: ChannelInboundHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame
    let behavior: FakeNT4Server.Behavior
    let server: FakeNT4Server?

    init(behavior: FakeNT4Server.Behavior, server: FakeNT4Server?) {
        self.behavior = behavior
        self.server = server
    }

    func handlerAdded(context: ChannelHandlerContext) {
        switch self.behavior {
        case .garbageBinary:
            let frame = WebSocketFrame(
                fin: true,
                opcode: .binary,
                data: context.channel.allocator.buffer(bytes: [0xc1, 0xff, 0x00, 0x13])
            )
            context.writeAndFlush(Self.wrapOutboundOut(frame), promise: nil)
        case .garbageText:
            let frame = WebSocketFrame(
                fin: true,
                opcode: .text,
                data: context.channel.allocator.buffer(string: "<html>not NT4</html>")
            )
            context.writeAndFlush(Self.wrapOutboundOut(frame), promise: nil)
        case .silent, .answerTimeSync, .stallAfterSync:
            break
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = Self.unwrapInboundIn(data)
        switch frame.opcode {
        case .binary:
            var buffer = frame.unmaskedData
            let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
            guard let messages = try? NT4BinaryMessage.decodeFrame(bytes) else { return }
            self.server?.received.withLock { $0 += messages }
            switch self.behavior {
            case .answerTimeSync, .stallAfterSync: break
            default: return
            }
            for message in messages where message.id == -1 {
                var writer = MessagePackWriter()
                // Server time base: local monotonic + 1 000 s, so conversions are visible.
                let serverNow = Int64(MonotonicClock.now() / 1_000) + 1_000_000_000
                writer.writeMessage(id: -1, timestamp: serverNow, value: message.value ?? .int(0))
                let reply = WebSocketFrame(
                    fin: true,
                    opcode: .binary,
                    data: context.channel.allocator.buffer(bytes: writer.bytes)
                )
                context.writeAndFlush(Self.wrapOutboundOut(reply), promise: nil)
                if case .stallAfterSync = self.behavior {
                    let server = self.server
                    context.channel.setOption(ChannelOptions.autoRead, value: false).whenComplete { _ in
                        server?.stalled.withLock { $0 = true }
                    }
                    return
                }
            }
        case .text:
            self.server?.receivedText.withLock { $0.append(String(buffer: frame.unmaskedData)) }
        case .connectionClose:
            context.close(promise: nil)
        default:
            break
        }
    }
}
