import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle
import Synchronization

/// A cscore-compatible MJPEG-over-HTTP server for one camera.
///
/// Serves `GET /?action=stream` and `/stream.mjpg` (`multipart/x-mixed-replace;boundary=boundarydonotcross`),
/// `/?action=snapshot` (one JPEG) and `/` (a page showing the stream), honouring `resolution=WxH`, `fps=N` and
/// `compression=N`. Frames come from a ``FrameHub``.
///
/// Run it in a `ServiceGroup` (``run()`` returns on graceful shutdown or cancellation), or call ``start()`` and
/// ``stop()`` yourself.
public final class MJPEGServer: Service, Sendable {
    private struct State {
        var serverChannel: (any Channel)?
        var connections: [ObjectIdentifier: any Channel] = [:]
        var stopped = false
    }

    /// The frames this server streams.
    public let hub: FrameHub
    /// The server's settings.
    public let configuration: MJPEGServerConfiguration
    /// Admits connections under the total and per-address caps (shared by every server of a ``StreamingService``).
    public let gate: ConnectionGate
    /// Whether this is the first (driver) camera's server, which may use the slot the gate keeps in reserve.
    public let isDriverStream: Bool
    private let group: any EventLoopGroup
    private let logger: Logger
    private let state = Mutex(State())

    /// Creates a server; nothing listens until ``start()`` or ``run()``.
    /// - Parameters:
    ///   - hub: Where frames come from.
    ///   - configuration: Address, port, client cap and request limits.
    ///   - gate: The connection caps to share with other servers; default: a gate of this server's own, with the
    ///     configuration's ``MJPEGServerConfiguration/maxConnections`` and
    ///     ``MJPEGServerConfiguration/maxConnectionsPerAddress``.
    ///   - isDriverStream: Whether this is the first (driver) camera's server (see ``ConnectionGate``).
    ///   - eventLoopGroup: The NIO event loops to serve on; defaults to NIO's shared group.
    ///   - logger: Where connection events go.
    public init(
        hub: FrameHub,
        configuration: MJPEGServerConfiguration,
        gate: ConnectionGate? = nil,
        isDriverStream: Bool = true,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "streaming.mjpeg")
    ) {
        self.hub = hub
        self.configuration = configuration
        self.gate =
            gate
            ?? ConnectionGate(
                maxTotal: configuration.maxConnections,
                maxPerAddress: configuration.maxConnectionsPerAddress
            )
        self.isDriverStream = isDriverStream
        self.group = eventLoopGroup
        var logger = logger
        logger[metadataKey: "stream"] = "\(hub.name)"
        self.logger = logger
    }

    /// The port the server listens on, once started (useful with port 0).
    public var localPort: Int? {
        self.state.withLock { $0.serverChannel?.localAddress?.port }
    }

    /// Clients connected now, streaming or not.
    public var connectionCount: Int { self.state.withLock { $0.connections.count } }

    /// Bytes queued in NIO for all connections and not yet handed to the kernel (each connection holds at most
    /// about one frame: see ``FrameHub``).
    public func bufferedBytes() async -> Int {
        let connections = self.state.withLock { Array($0.connections.values) }
        var total = 0
        for connection in connections {
            total += (try? await connection.getOption(.bufferedWritableBytes).get()) ?? 0
        }
        return total
    }

    /// Starts listening and returns the port.
    /// - Throws: ``StreamingError/invalidConfiguration(_:)``, ``StreamingError/bindFailed(_:)``, or
    ///   ``StreamingError/alreadyStarted(_:)``.
    @discardableResult
    public func start() async throws(StreamingError) -> Int {
        try self.configuration.validate()
        guard self.state.withLock({ $0.serverChannel == nil && !$0.stopped }) else {
            throw .alreadyStarted("server for \(self.hub.name) already started or stopped")
        }
        let configuration = self.configuration
        let hub = self.hub
        let gate = self.gate
        let isDriverStream = self.isDriverStream
        let logger = self.logger
        let limits = MJPEGConnectionHandler.Limits(
            maxURIBytes: configuration.maxURIBytes,
            maxBodyBytes: configuration.maxBodyBytes,
            // `validate()` bounds the timeouts to a day, so the conversions cannot overflow.
            requestTimeout: .nanoseconds(Int64(configuration.requestTimeoutSeconds * 1e9)),
            stalledClientTimeout: .nanoseconds(Int64(configuration.stalledClientTimeoutSeconds * 1e9)),
            snapshotTimeout: .nanoseconds(Int64(configuration.snapshotTimeoutSeconds * 1e9))
        )
        var decoderLimits = NIOHTTPDecoderLimitConfiguration()
        decoderLimits.maxHeaderFieldSize = configuration.maxHeaderFieldBytes
        decoderLimits.maxHeaderListSize = configuration.maxHeaderBytes
        decoderLimits.maxHeaderFieldCount = configuration.maxHeaderCount
        let requestLimits = decoderLimits

        var bootstrap = ServerBootstrap(group: self.group)
            .serverChannelOption(.backlog, value: Int32(clamping: max(128, 2 * configuration.maxConnections)))
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            // TCP level. `.socketOption(.tcp_nodelay)` sets SOL_SOCKET option 1 (SO_DEBUG), which needs CAP_NET_ADMIN:
            // for a non-root user (the image, the systemd units) every accepted connection was closed unanswered.
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelOption(.writeBufferWaterMark, value: .init(low: 16 * 1024, high: 64 * 1024))
        if let sendBuffer = configuration.socketSendBufferBytes {
            bootstrap = bootstrap.childChannelOption(.socketOption(.so_sndbuf), value: SocketOptionValue(sendBuffer))
        }
        bootstrap = bootstrap.childChannelInitializer { [weak self] channel in
            channel.eventLoop.makeCompletedFuture {
                let sync = channel.pipeline.syncOperations
                // Over a cap: closed at once, nothing is read or answered (the gate counts it).
                guard gate.admit(channel, isDriverStream: isDriverStream) == .admitted else {
                    try sync.addHandler(RefusedConnectionHandler())
                    return
                }
                let encoder = HTTPResponseEncoder(configuration: .init())
                let decoder = HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes, limitConfiguration: requestLimits)
                try sync.addHandler(encoder)
                try sync.addHandler(ByteToMessageHandler(decoder))
                try sync.addHandler(MJPEGConnectionHandler(hub: hub, gate: gate, limits: limits, logger: logger))
                self?.track(channel)
            }
        }
        let channel: any Channel
        do {
            channel = try await bootstrap.bind(host: configuration.host, port: configuration.port).get()
        } catch {
            throw .bindFailed("cannot listen on \(configuration.host):\(configuration.port): \(error)")
        }
        // After the bootstrap's accept handler, which passes on why a client connection could not be set up.
        try? await channel.pipeline.addHandler(AcceptErrorLogger(logger: logger))
        self.state.withLock { $0.serverChannel = channel }
        let port = channel.localAddress?.port ?? configuration.port
        self.logger.info(
            "MJPEG server listening",
            metadata: [
                "address": "\(configuration.host):\(port)", "maxClients": "\(hub.maxClients)",
                "maxConnections": "\(self.gate.maxTotal)", "maxConnectionsPerAddress": "\(self.gate.maxPerAddress)",
            ])
        return port
    }

    /// Stops listening and closes every client connection. Safe to call more than once.
    public func stop() async {
        if let server = self.closeChannels() {
            try? await server.closeFuture.get()
            self.logger.info("MJPEG server stopped")
        }
    }

    /// Marks the server stopped and starts closing the listening channel and all connections; returns the
    /// listening channel if it was open.
    @discardableResult
    private func closeChannels() -> (any Channel)? {
        let (server, connections) = self.state.withLock { state in
            state.stopped = true
            let result = (state.serverChannel, Array(state.connections.values))
            state.serverChannel = nil
            state.connections = [:]
            return result
        }
        for connection in connections { connection.close(promise: nil) }
        server?.close(promise: nil)
        return server
    }

    /// Starts the server and serves until graceful shutdown or cancellation, then stops it.
    public func run() async throws {
        try await self.start()
        // The server channel's close future completes when `stop()` closes it.
        let closed = self.state.withLock { $0.serverChannel?.closeFuture }
        try? await withTaskCancellationOrGracefulShutdownHandler {
            try await closed?.get()
        } onCancelOrGracefulShutdown: {
            self.closeChannels()
        }
        await self.stop()
    }

    private func track(_ channel: any Channel) {
        let id = ObjectIdentifier(channel)
        let accepted = self.state.withLock { state -> Bool in
            guard !state.stopped else { return false }
            state.connections[id] = channel
            return true
        }
        guard accepted else {
            channel.close(promise: nil)
            return
        }
        channel.closeFuture.whenComplete { [weak self] _ in
            _ = self?.state.withLock { $0.connections.removeValue(forKey: id) }
        }
    }
}
