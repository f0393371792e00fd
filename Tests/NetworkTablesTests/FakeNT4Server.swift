import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket
import Synchronization
import WireFormat

@testable import NetworkTables

/// A tiny NT4 server on 127.0.0.1 that misbehaves on purpose, answers time sync like an NT4 server, or attacks its
/// clients (absurd times, oversized frames, topic floods, garbage).
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
        /// Attacks the client and answers its time sync requests (as the attack says). Messages from the client are
        /// only counted (``valuesReceived``), not kept, so a long attack does not grow the test's memory.
        case attack(Attack)
    }

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
    /// Binary messages received from clients (not kept during an attack).
    let received = Mutex<[NT4BinaryMessage]>([])
    /// Text frames received from clients (not kept during an attack).
    let receivedText = Mutex<[String]>([])
    /// Value messages (id >= 0) received from clients.
    let valuesReceived = Mutex(0)
    /// Whether a `.stallAfterSync` server has stopped reading.
    let stalled = Mutex(false)
    private let channel: any Channel
    let port: Int

    private init(channel: any Channel) {
        self.channel = channel
        self.port = channel.localAddress?.port ?? 0
    }

    /// Starts the server on an ephemeral port of 127.0.0.1. An attacking server reads frames up to 1 MiB, the others
    /// up to 16 KiB.
    static func start(_ behavior: Behavior, subprotocol: String? = NT4Client.subprotocol41) async throws
        -> FakeNT4Server
    {
        let attacking = if case .attack = behavior { true } else { false }
        return try await WebSocketTestServer.start(
            subprotocol: subprotocol,
            maxFrameSize: attacking ? 1 << 20 : 1 << 14,
            make: FakeNT4Server.init
        ) { server, channel in
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
    private var replies = 0
    private var generator = SystemRandomNumberGenerator()

    init(behavior: FakeNT4Server.Behavior, server: FakeNT4Server?) {
        self.behavior = behavior
        self.server = server
    }

    private var attack: FakeNT4Server.Attack? {
        if case .attack(let attack) = self.behavior { attack } else { nil }
    }

    private func send(_ opcode: WebSocketOpcode, _ bytes: [UInt8], context: ChannelHandlerContext) {
        let frame = WebSocketFrame(fin: true, opcode: opcode, data: context.channel.allocator.buffer(bytes: bytes))
        context.writeAndFlush(Self.wrapOutboundOut(frame), promise: nil)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        switch self.behavior {
        case .garbageBinary:
            self.send(.binary, [0xc1, 0xff, 0x00, 0x13], context: context)
        case .garbageText:
            self.send(.text, Array("<html>not NT4</html>".utf8), context: context)
        case .attack(.oversizedFrame):
            self.send(.binary, [UInt8](repeating: 0x90, count: 16 << 20), context: context)
        case .attack(.topicFlood):
            for batch in 0..<100 {
                let announces = (0..<1_000).map { index in
                    let id = batch * 1_000 + index
                    return #"{"method":"announce","params":{"name":"/flood/t\#(id)","id":\#(id),"type":"double","properties":{}}}"#
                }
                self.send(.text, Array("[\(announces.joined(separator: ","))]".utf8), context: context)
            }
        case .attack(.frameFlood):
            self.flood(context: context)
        case .silent, .answerTimeSync, .stallAfterSync, .attack(.hugeTimes), .attack(.garbageMessagePack):
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
        if self.attack == .frameFlood, context.channel.isWritable { self.flood(context: context) }
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
            if self.attack == nil { self.server?.received.withLock { $0 += messages } }
            switch self.behavior {
            case .answerTimeSync, .stallAfterSync, .attack: break
            case .garbageBinary, .garbageText, .silent: return
            }
            for message in messages where message.id == -1 {
                self.answerTimeSync(message, context: context)
                if case .stallAfterSync = self.behavior {
                    let server = self.server
                    context.channel.setOption(ChannelOptions.autoRead, value: false).whenComplete { _ in
                        server?.stalled.withLock { $0 = true }
                    }
                    return
                }
            }
        case .text:
            if self.attack == nil { self.server?.receivedText.withLock { $0.append(String(buffer: frame.unmaskedData)) } }
        case .connectionClose:
            context.close(promise: nil)
        default:
            break
        }
    }

    /// Replies with the server's time: local monotonic + 1 000 s, so conversions are visible (unless the attack
    /// forges it).
    private func answerTimeSync(_ message: NT4BinaryMessage, context: ChannelHandlerContext) {
        self.replies += 1
        var timestamp = Int64(MonotonicClock.now() / 1_000) + 1_000_000_000
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
