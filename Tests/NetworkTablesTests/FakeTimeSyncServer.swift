import NIOCore
import NIOPosix
import Synchronization
import WireFormat

@testable import NetworkTables

/// A PhotonVision time sync server on 127.0.0.1 (free port) whose answers a test chooses: by default a correct pong
/// from a clock `offsetMicros` ahead of ours, so the true offset is known exactly.
final class FakeTimeSyncServer: Sendable {
    /// What to send back for a ping carrying `clientMicros`, received at our local time `nowMicros`.
    typealias Responder = @Sendable (_ clientMicros: UInt64, _ nowMicros: Int64) -> [[UInt8]]

    /// The answers and the pings counted, shared with the channel handler.
    final class Shared: Sendable {
        let responder: Mutex<Responder>
        let pings = Mutex(0)

        init(_ responder: @escaping Responder) {
            self.responder = Mutex(responder)
        }
    }

    let port: Int
    private let shared: Shared
    private let channel: any Channel

    /// Pings received so far.
    var pings: Int { self.shared.pings.withLock { $0 } }

    /// A correct pong from a clock `offset` ahead of ours.
    static func correct(offset: Int64) -> Responder {
        { client, now in [TimeSyncPacket.pong(.init(clientMicros: client, serverMicros: UInt64(now + offset)))] }
    }

    init(offsetMicros: Int64) async throws {
        let shared = Shared(Self.correct(offset: offsetMicros))
        self.shared = shared
        let channel = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Handler(shared: shared))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        self.channel = channel
        self.port = channel.localAddress?.port ?? 0
    }

    /// Changes the answers from now on.
    func respond(_ responder: @escaping Responder) {
        self.shared.responder.withLock { $0 = responder }
    }

    func close() async {
        try? await self.channel.close()
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = AddressedEnvelope<ByteBuffer>
        typealias OutboundOut = AddressedEnvelope<ByteBuffer>
        let shared: Shared

        init(shared: Shared) {
            self.shared = shared
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let now = Int64(MonotonicClock.now() / 1_000)
            let envelope = Self.unwrapInboundIn(data)
            let bytes = Array(envelope.data.readableBytesView)
            guard bytes.count == TimeSyncPacket.pingSize, bytes[0] == 1, bytes[1] == 1 else { return }
            self.shared.pings.withLock { $0 += 1 }
            let client = (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[2 + $1]) << UInt64(8 * $1) }
            for answer in self.shared.responder.withLock({ $0 })(client, now) {
                let buffer = context.channel.allocator.buffer(bytes: answer)
                let reply = AddressedEnvelope(remoteAddress: envelope.remoteAddress, data: buffer)
                context.write(Self.wrapOutboundOut(reply), promise: nil)
            }
            context.flush()
        }
    }
}
