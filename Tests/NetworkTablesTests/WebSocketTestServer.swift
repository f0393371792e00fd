import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket
import Synchronization

/// Binds a WebSocket server on an ephemeral port of 127.0.0.1 for the fake NT4 servers of these tests: each
/// upgraded connection offering `subprotocol` gets the handler `upgraded` adds to its pipeline.
enum WebSocketTestServer {
    /// Binds like ``bind(subprotocol:maxFrameSize:upgraded:)`` and returns the server object `make` builds around the
    /// bound channel; `upgraded` gets that object with each upgraded connection (one that arrives before `make` ran
    /// is dropped).
    static func start<Server: AnyObject & Sendable>(
        subprotocol: String?,
        maxFrameSize: Int = 1 << 14,
        make: (any Channel) -> Server,
        upgraded: @escaping @Sendable (Server, any Channel) throws -> Void
    ) async throws -> Server {
        let box = Mutex<Server?>(nil)
        let channel = try await Self.bind(subprotocol: subprotocol, maxFrameSize: maxFrameSize) { channel in
            guard let server = box.withLock({ $0 }) else { return }
            try upgraded(server, channel)
        }
        let server = make(channel)
        box.withLock { $0 = server }
        return server
    }

    static func bind(
        subprotocol: String?,
        maxFrameSize: Int = 1 << 14,
        upgraded: @escaping @Sendable (any Channel) throws -> Void
    ) async throws -> any Channel {
        try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                let upgrader = NIOWebSocketServerUpgrader(
                    maxFrameSize: maxFrameSize,
                    shouldUpgrade: { channel, _ in
                        var headers = HTTPHeaders()
                        if let subprotocol { headers.add(name: "Sec-WebSocket-Protocol", value: subprotocol) }
                        return channel.eventLoop.makeSucceededFuture(headers)
                    },
                    upgradePipelineHandler: { channel, _ in
                        channel.eventLoop.makeCompletedFuture { try upgraded(channel) }
                    }
                )
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(
                        withServerUpgrade: (upgraders: [upgrader], completionHandler: { _ in })
                    )
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
    }
}
