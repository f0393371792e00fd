public import WireFormat

/// The observing end of a ``MessageMirror`` (SUB): receives and decodes the mirrored messages, owned by one thread.
///
/// It takes nothing from the producer's queue: what it misses (it connected late, or fell behind and the mirror
/// dropped its copies) shows as gaps in the senders' sequence numbers. Frames that fail to decode are counted in
/// ``counters`` (``ChannelCounters/malformed``) and skipped.
public final class MessageTap {
    /// Options of the subscribing socket.
    public struct Options: Sendable {
        /// Messages queued here before libzmq drops newer ones for this subscriber.
        public var highWaterMark: Int32 = 1000
        /// Applied to the socket before it connects: the place for security options (e.g. CURVE client keys).
        public var configure: (@Sendable (ZMQSocket) throws(ZMQError) -> Void)?

        public init() {}
    }

    public let counters = ChannelCounters()
    private let socket: ZMQSocket
    private let frame = ZMQMessage()
    private var receiveTimeout: Int32 = -1

    /// Connects a SUB socket to `endpoint` (libzmq reconnects on its own when the producer restarts).
    /// - Throws: ``BusError`` when the socket cannot be set up or the endpoint is malformed.
    public init(endpoint: String, options: Options = Options(), context: ZMQContext = .shared) throws(BusError) {
        do {
            self.socket = try ZMQSocket(.sub, context: context)
            try self.socket.setMaxMessageSize(Int64(WireFormat.maxFrameSize))
            try self.socket.setReceiveHighWaterMark(max(1, options.highWaterMark))
            try self.socket.setReconnectInterval(milliseconds: 100)
            try options.configure?(self.socket)
            try self.socket.subscribeToAll()
        } catch {
            throw .zmq(error)
        }
        try Endpoints(connect: [endpoint]).apply(to: self.socket)
    }

    /// Waits up to `timeoutMilliseconds` (-1: forever) for the next message that decodes.
    /// - Returns: the message, or `nil` when none arrived in time.
    public func receive(timeoutMilliseconds: Int32) throws(BusError) -> BusMessage? {
        do {
            if timeoutMilliseconds != self.receiveTimeout {
                try self.socket.setReceiveTimeout(milliseconds: timeoutMilliseconds)
                self.receiveTimeout = timeoutMilliseconds
            }
            while try self.socket.receive(into: self.frame, wait: true) {
                guard !self.frame.hasMoreParts, let message = try? WireFormat.decode(self.frame.bytes) else {
                    self.counters.countMalformed()
                    continue
                }
                self.counters.countReceived()
                return message
            }
        } catch {
            throw .zmq(error)
        }
        return nil
    }
}
