public import WireFormat

/// A best-effort copy of a queue channel for observers (`control tap`): every message the producer sends on its
/// PUSH queue is also published here (PUB), so a tool can watch the stream without taking messages from the queue.
///
/// Publishing never blocks and never slows the producer: each subscriber gets at most ``Options/highWaterMark``
/// queued messages, beyond which libzmq drops that subscriber's copies (it sees a gap in the sequence numbers);
/// with no subscriber a send only encodes the frame and hands it to libzmq, which discards it. Owned by one thread,
/// like ``MessageSender``.
public final class MessageMirror {
    /// Options of the publishing socket.
    public struct Options: Sendable {
        /// Messages queued per subscriber before that subscriber's copies are dropped. Small on purpose: an observer
        /// needs the newest messages, and the queue is memory in the producer.
        public var highWaterMark: Int32 = 10
        /// Sent data unacknowledged this long aborts a subscriber's connection (`TCP_USER_TIMEOUT`), freeing its queue
        /// when the observer's link is cut.
        public var unacknowledgedTimeoutMilliseconds: Int32 = 2000
        /// Applied to the socket after these options and before it binds: the place for security options
        /// (e.g. a CURVE server key), so the mirror needs no knowledge of them.
        public var configure: (@Sendable (ZMQSocket) throws(ZMQError) -> Void)?

        public init() {}
    }

    /// The sender name written in every header.
    public var name: String { self.output.sender }
    /// Messages handed to libzmq (``ChannelCounters/sent``); copies dropped for a slow subscriber are not counted
    /// here (PUB drops them silently), the subscriber sees them as sequence gaps.
    public var counters: ChannelCounters { self.output.counters }
    private let output: FrameSender

    /// Opens a PUB socket bound to `endpoint` (use a loopback address unless observers run on other hosts).
    /// - Parameter name: the sender name written in every header (the service name).
    /// - Throws: ``BusError`` when the socket cannot be set up or the endpoint bound.
    public init(
        name: String,
        endpoint: String,
        options: Options = Options(),
        counters: ChannelCounters = ChannelCounters(),
        context: ZMQContext = .shared
    ) throws(BusError) {
        let socket: ZMQSocket
        do {
            socket = try ZMQSocket(.pub, context: context)
            try socket.setSendHighWaterMark(max(1, options.highWaterMark))
            try socket.setUnacknowledgedTimeout(milliseconds: options.unacknowledgedTimeoutMilliseconds)
            try options.configure?(socket)
        } catch {
            throw .zmq(error)
        }
        try Endpoints(bind: [endpoint]).apply(to: socket)
        self.output = FrameSender(sender: name, socket: socket, counters: counters)
    }

    /// The endpoint bound (with the real port after binding port `*`).
    public var boundEndpoint: String { self.output.socket.lastEndpoint }

    /// Encodes and publishes `payload` without blocking; its sequence number advances by one per call, so
    /// subscribers count what they missed.
    public func send(_ payload: BusMessage.Payload) throws(BusError) {
        _ = try self.output.send(payload, wait: false)
    }
}
