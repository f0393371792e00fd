import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket
import Synchronization
import WireFormat

@testable import NetworkTables

/// An NT4 server on 127.0.0.1 that attacks its clients: absurd times, oversized frames, topic floods, garbage.
final class HostileNT4Server: Sendable {
    enum Attack: Sendable, CaseIterable {
        /// Answers time sync requests, but three replies in four carry absurd times (huge, negative, forged echo).
        case hugeTimes
        /// Sends one 16 MiB binary frame after the upgrade, then answers time sync.
        case oversizedFrame
        /// Announces 100,000 topics (in text frames of 1,000), then answers time sync.
        case topicFlood
        /// Sends binary frames of random bytes after every time sync request.
        case garbageMessagePack
        /// Sends small frames as fast as the socket takes them.
        case frameFlood
    }

    let connections = Mutex(0)
    /// Value messages (id >= 0) received from clients.
    let valuesReceived = Mutex(0)
    private let channel: any Channel
    let port: Int

    private init(channel: any Channel) {
        self.channel = channel
        self.port = channel.localAddress?.port ?? 0
    }

    static func start(_ attack: Attack) async throws -> HostileNT4Server {
        try await WebSocketTestServer.start(
            subprotocol: NT4Client.subprotocol41,
            maxFrameSize: 1 << 20,
            make: HostileNT4Server.init
        ) { server, channel in
            server.connections.withLock { $0 += 1 }
            try channel.pipeline.syncOperations.addHandler(HostileHandler(attack: attack, server: server))
        }
    }

    func stop() async {
        try? await self.channel.close()
    }
}

private final class HostileHandler: ChannelInboundHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame
    let attack: HostileNT4Server.Attack
    let server: HostileNT4Server?
    private var replies = 0
    private var generator = SystemRandomNumberGenerator()

    init(attack: HostileNT4Server.Attack, server: HostileNT4Server?) {
        self.attack = attack
        self.server = server
    }

    private func send(_ opcode: WebSocketOpcode, _ bytes: [UInt8], context: ChannelHandlerContext) {
        let frame = WebSocketFrame(fin: true, opcode: opcode, data: context.channel.allocator.buffer(bytes: bytes))
        context.writeAndFlush(Self.wrapOutboundOut(frame), promise: nil)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        switch self.attack {
        case .oversizedFrame:
            self.send(.binary, [UInt8](repeating: 0x90, count: 16 << 20), context: context)
        case .topicFlood:
            for batch in 0..<100 {
                let announces = (0..<1_000).map { index in
                    let id = batch * 1_000 + index
                    return #"{"method":"announce","params":{"name":"/flood/t\#(id)","id":\#(id),"type":"double","properties":{}}}"#
                }
                self.send(.text, Array("[\(announces.joined(separator: ","))]".utf8), context: context)
            }
        case .frameFlood:
            self.flood(context: context)
        case .hugeTimes, .garbageMessagePack:
            break
        }
    }

    /// Writes 64 small frames whenever the socket can take them, until the connection closes. When the socket backs
    /// up it pauses until ``channelWritabilityChanged(context:)``, so the test process's memory stays bounded.
    private func flood(context: ChannelHandlerContext) {
        guard context.channel.isActive, context.channel.isWritable else { return }
        for _ in 0..<64 {
            self.send(.binary, [0x94, 0x05, 0x01, 0x01, 0xcb, 0, 0, 0, 0, 0, 0, 0, 0], context: context)
        }
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        context.eventLoop.execute { bound.value.0.flood(context: bound.value.1) }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if case .frameFlood = self.attack, context.channel.isWritable { self.flood(context: context) }
        context.fireChannelWritabilityChanged()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = Self.unwrapInboundIn(data)
        switch frame.opcode {
        case .binary:
            var buffer = frame.unmaskedData
            let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
            guard let messages = try? NT4BinaryMessage.decodeFrame(bytes) else { return }
            let values = messages.filter { $0.id >= 0 }.count
            if values > 0 { self.server?.valuesReceived.withLock { $0 += values } }
            for message in messages where message.id == -1 {
                self.answerTimeSync(message, context: context)
            }
        case .connectionClose:
            context.close(promise: nil)
        default:
            break
        }
    }

    private func answerTimeSync(_ message: NT4BinaryMessage, context: ChannelHandlerContext) {
        self.replies += 1
        let serverNow = Int64(MonotonicClock.now() / 1_000) + 1_000_000_000
        var timestamp = serverNow
        var echo = message.value ?? .int(0)
        switch self.attack {
        case .hugeTimes:
            switch self.replies % 4 {
            case 1: timestamp = Int64.max
            case 2: timestamp = Int64.min
            case 3: echo = .int(Int64.min)
            default: break
            }
        case .garbageMessagePack:
            let garbage = (0..<64).map { _ in UInt8.random(in: 0...255, using: &self.generator) }
            self.send(.binary, garbage, context: context)
        default:
            break
        }
        var writer = MessagePackWriter()
        writer.writeMessage(id: -1, timestamp: timestamp, value: echo)
        self.send(.binary, writer.bytes, context: context)
    }
}
