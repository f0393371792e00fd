public import WireFormat

/// The producing end of a queue channel (PUSH): encodes and sends bus messages and never blocks its caller.
///
/// A sender is owned by one thread (it wraps a libzmq socket). When no consumer is connected, or the consumer's
/// bounded queue is full, the message is dropped and counted in ``counters`` rather than queued without bound;
/// sequence numbers still advance, so the consumer sees the gap.
public final class MessageSender {
    /// Options of the sending socket.
    public struct Options: Sendable {
        /// Messages queued per connected consumer before sends are refused.
        public var highWaterMark: Int32 = 100
        /// ZMTP heartbeat interval; a consumer silent for three intervals is dropped and reconnected, so a cut
        /// link recovers quickly once it returns.
        public var heartbeatMilliseconds: Int32 = 1000
        /// Sent results unacknowledged this long abort the connection and are discarded (`TCP_USER_TIMEOUT`):
        /// they are stale by then, and delivered late they would arrive as a burst after the link returns.
        public var unacknowledgedTimeoutMilliseconds: Int32 = 2000
        /// A connection attempt unanswered this long is abandoned and retried 100-200 ms later (no back-off), so
        /// results resume within about half a second of a cut link's return. The TCP handshake is answered by the
        /// peer's kernel: on a robot's network it takes well under a millisecond.
        public var connectTimeoutMilliseconds: Int32 = 250

        public init() {}
    }

    /// The sender name written in every header.
    public var name: String { self.output.sender }
    public var counters: ChannelCounters { self.output.counters }
    private let output: FrameSender

    /// Opens a PUSH socket on `endpoints`.
    /// - Parameters:
    ///   - name: the sender name written in every header (the service name).
    ///   - counters: where sends and drops are counted (pass one to read it from another thread).
    public init(
        name: String,
        endpoints: Endpoints,
        options: Options = Options(),
        counters: ChannelCounters = ChannelCounters(),
        security: SocketSecurity = .none,
        context: ZMQContext = .shared
    ) throws(BusError) {
        let socket: ZMQSocket
        do {
            socket = try ZMQSocket(.push, context: context)
            try socket.setSendHighWaterMark(options.highWaterMark)
            try security.apply(to: socket)
            try socket.setImmediate(true)
            try socket.setReconnectInterval(milliseconds: 100)
            try socket.setConnectTimeout(milliseconds: options.connectTimeoutMilliseconds)
            try socket.setUnacknowledgedTimeout(milliseconds: options.unacknowledgedTimeoutMilliseconds)
            if options.heartbeatMilliseconds > 0 {
                try socket.setHeartbeat(
                    intervalMilliseconds: options.heartbeatMilliseconds,
                    timeoutMilliseconds: 3 * options.heartbeatMilliseconds
                )
            }
        } catch {
            throw .zmq(error)
        }
        try endpoints.apply(to: socket)
        self.output = FrameSender(sender: name, socket: socket, counters: counters)
    }

    /// The endpoint bound last (useful after binding port `*`).
    public var boundEndpoint: String { self.output.socket.lastEndpoint }

    /// Encodes and sends `payload`.
    /// - Parameter wait: `false` (services): never block, drop when no consumer is connected or its queue is full.
    ///   `true` (tools and benchmarks that must deliver everything): block until queued; this waits forever if no
    ///   consumer ever connects.
    /// - Returns: `true` if queued for a consumer, `false` if dropped (counted).
    @discardableResult
    public func send(_ payload: BusMessage.Payload, wait: Bool = false) throws(BusError) -> Bool {
        try self.output.send(payload, wait: wait)
    }
}
