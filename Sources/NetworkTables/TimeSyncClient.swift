import Logging
import NIOCore
import NIOPosix
public import ServiceLifecycle
import Synchronization
import WireFormat

/// The client side of PhotonVision's UDP time sync (``TimeSyncPacket``): pings the robot (the NT server's host,
/// where PhotonLib's `PhotonCamera` runs the server on UDP 5810) every ``pingIntervalSeconds`` and keeps the offset
/// to the robot's FPGA clock in a ``TimeSyncFilter``. Results are stamped in robot time with ``filter``.
///
/// A swift-service-lifecycle `Service`: ``run()`` pings until graceful shutdown or cancellation. Pongs with garbage,
/// huge or backwards times, another version, id or size, or from another address are ignored with a warning (at
/// most one every 5 s, counting the ones not logged). Before the first pong callers fall back to the NT4 time offset;
/// the client logs that once, and again when the server stops answering (the last offset is kept).
public final class TimeSyncClient: Service, Sendable {
    /// Counters and the current estimate, for status.
    public struct Statistics: Sendable, Hashable {
        public var pingsSent = 0
        public var pongsAccepted = 0
        public var pongsRejected = 0
        /// The applied offset (robot - local), microseconds; `nil` before the first pong.
        public var offsetMicros: Int64?
        /// The round trip of the sample the estimate comes from, microseconds.
        public var roundTripMicros: Int64?
        /// Microseconds since the last accepted pong; `nil` before the first.
        public var microsSinceLastPong: Int64?
    }

    private struct State {
        var filter: TimeSyncFilter
        var statistics = Statistics()
        var lastWarningMicros: Int64?
        var suppressedWarnings = 0
        var silent = false
    }

    /// The robot's host name or address.
    public let host: String
    /// The time sync server's UDP port (PhotonLib: 5810).
    public let port: Int
    /// Seconds between pings.
    public let pingIntervalSeconds: Double
    /// After this long without a pong the server counts as silent (logged once; the last offset is kept).
    public let silenceSeconds: Double
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger
    private let state: Mutex<State>

    /// Creates the client; nothing is sent before ``run()``.
    public init(
        host: String,
        port: Int = 5810,
        pingIntervalSeconds: Double = 0.1,
        silenceSeconds: Double = 2,
        limits: TimeSyncFilter.Limits = .init(),
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger
    ) {
        self.host = host
        self.port = port
        self.pingIntervalSeconds = min(max(pingIntervalSeconds, 0.001), 60)
        self.silenceSeconds = min(max(silenceSeconds, 0.01), 3_600)
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
        self.state = Mutex(State(filter: TimeSyncFilter(limits: limits)))
    }

    /// A copy of the filter: convert several local times with one consistent offset.
    public var filter: TimeSyncFilter { self.state.withLock { $0.filter } }

    /// Counters and the estimate.
    public var statistics: Statistics {
        let now = Self.localMicros()
        return self.state.withLock { state in
            var statistics = state.statistics
            statistics.offsetMicros = state.filter.offsetMicros
            statistics.roundTripMicros = state.filter.best?.roundTripMicros
            statistics.microsSinceLastPong = state.filter.microsSinceLastPong(localMicros: now)
            return statistics
        }
    }

    /// Pings until graceful shutdown or cancellation; resolves the host again 1 s after a failure.
    public func run() async {
        self.logger.info(
            "PhotonVision time sync: pinging the robot; until its first pong, timestamps use the NT4 time offset",
            metadata: ["server": "\(self.host):\(self.port)"]
        )
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await self.pingLoop()
                } catch {
                    if Task.isCancelled { break }
                    self.warn("time sync with \(self.host):\(self.port) failed: \(error); retrying")
                }
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    private func pingLoop() async throws {
        let (host, port) = (self.host, self.port)
        let server = try await NIOThreadPool.singleton.runIfActive {
            try SocketAddress.makeAddressResolvingHost(host, port: port)
        }
        let channel = try await DatagramBootstrap(group: self.eventLoopGroup)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(PongHandler(client: self, server: server))
                }
            }
            .bind(host: server.protocol == .inet6 ? "::" : "0.0.0.0", port: 0).get()
        // Pings are sent from the channel's event loop, so a busy cooperative pool cannot delay them. A failed send
        // (e.g. no route to the robot yet) closes the channel: the caller resolves the host again after a pause.
        let interval = TimeAmount.nanoseconds(Int64(self.pingIntervalSeconds * 1e9))
        let pinging = channel.eventLoop.scheduleRepeatedTask(initialDelay: .zero, delay: interval) { _ in
            let now = Self.localMicros()
            let ping = channel.allocator.buffer(bytes: TimeSyncPacket.ping(clientMicros: UInt64(now)))
            channel.writeAndFlush(AddressedEnvelope(remoteAddress: server, data: ping)).whenFailure { error in
                self.warn("cannot send a time sync ping to \(server): \(error); retrying")
                channel.close(promise: nil)
            }
            self.state.withLock { $0.statistics.pingsSent += 1 }
            self.checkSilence(now: now)
        }
        await withTaskCancellationHandler {
            try? await channel.closeFuture.get()
        } onCancel: {
            channel.close(promise: nil)
        }
        pinging.cancel()
    }

    /// Feeds one datagram (called on the event loop as it arrives).
    func received(_ bytes: ByteBuffer, from sender: SocketAddress, expected server: SocketAddress, localMicros: Int64) {
        guard sender == server else {
            self.reject("a datagram from \(sender), not the time sync server \(server)")
            return
        }
        let pong: TimeSyncPacket.Pong
        do {
            pong = try TimeSyncPacket.decodePong(bytes.readableBytesView)
        } catch {
            self.reject("\(error)")
            return
        }
        let (outcome, firstPong, wasSilent) = self.state.withLock { state in
            let first = state.filter.offsetMicros == nil
            let outcome = state.filter.record(pong, receivedLocalMicros: localMicros)
            let wasSilent = state.silent
            if case .rejected = outcome {
                state.statistics.pongsRejected += 1
            } else {
                state.statistics.pongsAccepted += 1
                state.silent = false
            }
            return (outcome, first, wasSilent)
        }
        switch outcome {
        case .accepted(let sample):
            if firstPong || wasSilent {
                let message =
                    firstPong ? "PhotonVision time sync: timestamps are in robot time" : "time sync answers again"
                self.logger.info(
                    "\(message)",
                    metadata: ["offset_us": "\(sample.offsetMicros)", "rtt_us": "\(sample.roundTripMicros)"]
                )
            }
        case .restarted(let sample):
            self.logger.warning(
                "the time sync server's clock restarted (robot reboot?): time sync starts over",
                metadata: ["offset_us": "\(sample.offsetMicros)", "rtt_us": "\(sample.roundTripMicros)"]
            )
        case .rejected(let reason):
            self.warn("ignored a time sync pong: \(reason)")
        }
    }

    private func reject(_ reason: String) {
        self.state.withLock { $0.statistics.pongsRejected += 1 }
        self.warn("ignored a time sync datagram: \(reason)")
    }

    /// Logs once when the server stops answering (before or after the first pong).
    private func checkSilence(now: Int64) {
        let silenceMicros = Int64(self.silenceSeconds * 1e6)
        let (report, synchronized) = self.state.withLock { state -> (Bool, Bool) in
            guard !state.silent else { return (false, false) }
            let since = state.filter.microsSinceLastPong(localMicros: now)
            // Before the first pong: silent once the pings sent span the silence time.
            let quiet = since.map { $0 > silenceMicros }
                ?? (Double(state.statistics.pingsSent) * self.pingIntervalSeconds > self.silenceSeconds)
            if quiet { state.silent = true }
            return (quiet, since != nil)
        }
        guard report else { return }
        let message =
            synchronized
            ? "the time sync server stopped answering: keeping the last offset (timeSinceLastPong grows)"
            : "no answer from the time sync server (is PhotonLib's PhotonCamera running on the robot?): "
                + "timestamps use the NT4 server's time offset"
        self.logger.warning(
            "\(message)",
            metadata: ["server": "\(self.host):\(self.port)"]
        )
    }

    /// A warning, at most one every 5 s; the ones not logged are counted in the next.
    private func warn(_ message: String) {
        let now = Self.localMicros()
        let suppressed = self.state.withLock { state -> Int? in
            if let last = state.lastWarningMicros, now - last < 5_000_000 {
                state.suppressedWarnings += 1
                return nil
            }
            defer { state.suppressedWarnings = 0 }
            state.lastWarningMicros = now
            return state.suppressedWarnings
        }
        guard let suppressed else { return }
        self.logger.warning("\(message)", metadata: suppressed > 0 ? ["not_logged_since_last": "\(suppressed)"] : [:])
    }

    static func localMicros() -> Int64 { Int64(MonotonicClock.now() / 1_000) }
}

/// Hands each datagram to the client with its arrival time.
private final class PongHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    let client: TimeSyncClient
    let server: SocketAddress

    init(client: TimeSyncClient, server: SocketAddress) {
        self.client = client
        self.server = server
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let now = TimeSyncClient.localMicros()
        let envelope = Self.unwrapInboundIn(data)
        self.client.received(envelope.data, from: envelope.remoteAddress, expected: self.server, localMicros: now)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A UDP error (e.g. ICMP port unreachable) is not fatal: the next ping tries again; silence is reported.
    }
}
