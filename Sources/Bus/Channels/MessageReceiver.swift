import CZeroMQ
public import Logging
import ThreadSupport
public import WireFormat

/// The consuming end of a queue channel (PULL), owned by one thread: receives, validates and decodes frames.
///
/// Frames that fail to decode (NaN, infinite or absurd floats included) are counted in ``counters`` and logged (at
/// most once a second), never fatal. Gaps in each sender's sequence numbers are counted as
/// ``ChannelCounters/gaps``, for the ``maxSenders`` most recently seen senders. Sender names are escaped in logs.
public final class MessageReceiver {
    /// The largest frame accepted; a peer sending more is disconnected by libzmq.
    public static let maxFrameSize = WireFormat.maxFrameSize
    /// The most senders whose sequence numbers are tracked; a new sender beyond them evicts the least recently seen.
    public static let maxSenders = 64

    public let mode: ConsumerMode
    public let counters = ChannelCounters()
    private let socket: ZMQSocket
    private let poller = ZMQPoller()
    private let logger: Logger
    private let frame = ZMQMessage()
    /// Where targeting results' targets are decoded: its buffer is reused once the caller drops the previous one.
    /// Only ``receiveOne(wait:)`` on the owning thread touches it, so the runtime's exclusivity check is skipped.
    @exclusivity(unchecked) private var targetStorage: [Target] = []
    /// Every tracked sender's last sequence but the current one's (``lastSender``), which is kept apart.
    private(set) var senders = SenderSequenceTable(capacity: MessageReceiver.maxSenders)
    /// The sender of the previous message and its sequence: nearly every message comes from the same sender.
    private var lastSender = ""
    private var lastSenderSequence: UInt64 = 0
    /// The wake-up signal's poll entry, when another thread can interrupt a receive.
    private var wakeIndex: Int?
    /// The `ZMQ_RCVTIMEO` currently set, to block in `zmq_recv` itself when no wake-up signal is polled.
    private var receiveTimeout: Int32 = -1
    private var lastMalformedLog: UInt64 = 0
    private var malformedSinceLog: UInt64 = 0
    private var lastNewSenderLog: UInt64 = 0
    private var newSendersSinceLog: UInt64 = 0

    /// Opens a PULL socket on `endpoints` in `mode`.
    public init(
        endpoints: Endpoints,
        mode: ConsumerMode,
        logger: Logger,
        security: SocketSecurity = .none,
        context: ZMQContext = .shared
    ) throws(BusError) {
        self.mode = mode
        self.logger = logger
        do {
            self.socket = try ZMQSocket(.pull, context: context)
            try self.socket.setMaxMessageSize(Int64(Self.maxFrameSize))
            try security.apply(to: self.socket)
            try self.socket.setReconnectInterval(milliseconds: 100)
            try self.socket.setConnectTimeout(milliseconds: 250)
            // A sender cut off by a link failure reconnects on a new connection; keepalive probes close the old
            // one (its peer's kernel answers that it no longer exists). No ZMTP heartbeats here: libzmq 4.3.4
            // can abort (`!_io_error`) when one fires while this socket's receive queue is full.
            try self.socket.setKeepalive(idleSeconds: 5, intervalSeconds: 1, count: 5)
            switch mode {
            case .latest:
                try self.socket.setReceiveHighWaterMark(ConsumerMode.latestQueueDepth)
            case .queue(let depth):
                try self.socket.setReceiveHighWaterMark(Int32(clamping: max(1, depth)))
            }
        } catch {
            throw .zmq(error)
        }
        try endpoints.apply(to: self.socket)
        self.poller.add(self.socket)
    }

    /// The endpoint bound last (useful after binding port `*`).
    public var boundEndpoint: String { self.socket.lastEndpoint }

    /// Adds `wake`'s file descriptor to the poll set so another thread can interrupt ``receive(timeoutMilliseconds:)``.
    func addWakeSignal(_ wake: PollWakePipe) -> Int {
        let index = self.poller.add(fileDescriptor: wake.fileDescriptor)
        self.wakeIndex = index
        return index
    }

    /// Whether the poll set entry `index` (from ``addWakeSignal(_:)``) fired during the last receive.
    func didFire(_ index: Int) -> Bool { self.poller.isReadable(index) }

    /// Waits up to `timeoutMilliseconds` (-1: forever) for a message.
    ///
    /// In `queue` mode it returns the next message in order; in `latest` mode it drains everything waiting and
    /// returns the newest. Malformed frames are skipped.
    /// - Returns: the message, or `nil` on timeout or wake-up.
    public func receive(timeoutMilliseconds: Int) throws(BusError) -> BusMessage? {
        if self.wakeIndex == nil {
            // Nothing can interrupt this receive: one blocking zmq_msg_recv (it returns at once when a frame is
            // waiting) rather than a non-blocking try, then zmq_poll, then another receive.
            return try self.receiveBlocking(timeoutMilliseconds: timeoutMilliseconds)
        }
        if let message = try self.receiveWaiting() { return message }
        do {
            guard try self.poller.poll(timeoutMilliseconds: timeoutMilliseconds) > 0, self.poller.isReadable(0) else {
                return nil
            }
        } catch {
            throw .zmq(error)
        }
        return try self.receiveWaiting()
    }

    /// Takes what is already waiting without blocking: one message in `queue` mode, the newest in `latest` mode.
    @inline(__always)
    private func receiveWaiting() throws(BusError) -> BusMessage? {
        var newest: BusMessage?
        while let message = try self.receiveOne() {
            guard case .latest = self.mode else { return message }
            newest = message
        }
        return newest
    }

    @inline(__always)
    private func receiveBlocking(timeoutMilliseconds: Int) throws(BusError) -> BusMessage? {
        let timeout = Int32(clamping: timeoutMilliseconds)
        do {
            if timeout != self.receiveTimeout {
                try self.socket.setReceiveTimeout(milliseconds: timeout)
                self.receiveTimeout = timeout
            }
        } catch {
            throw .zmq(error)
        }
        // The queue mode hands the message straight on (unwrapping and wrapping it again would copy it).
        guard case .latest = self.mode else { return try self.receiveOne(wait: true) }
        guard let first = try self.receiveOne(wait: true) else { return nil }
        return try self.receiveWaiting() ?? first
    }

    @inline(__always)
    private func receiveOne(wait: Bool = false) throws(BusError) -> BusMessage? {
        while true {
            do {
                guard try self.socket.receive(into: self.frame, wait: wait) else { return nil }
            } catch {
                throw .zmq(error)
            }
            // Frames over maxFrameSize never get here: libzmq drops the peer that sends one (ZMQ_MAXMSGSIZE).
            if self.frame.hasMoreParts {
                self.drainParts()
                self.reportMalformed("multi-part message (the bus sends single frames)")
                continue
            }
            do {
                let message = try WireFormat.decode(
                    self.frame.bytes, previousSender: self.lastSender, targetStorage: &self.targetStorage)
                self.track(message.header)
                self.counters.countReceived()
                return message
            } catch {
                self.reportMalformed(error.description)
            }
        }
    }

    private func drainParts() {
        while self.frame.hasMoreParts {
            guard (try? self.socket.receive(into: self.frame)) == true else { return }
        }
    }

    private func track(_ header: MessageHeader) {
        let last: UInt64?
        if header.sender == self.lastSender {
            last = self.lastSenderSequence
        } else {
            if !self.lastSender.isEmpty { self.senders.record(self.lastSenderSequence, for: self.lastSender) }
            last = self.senders.sequence(of: header.sender)
            if last == nil { self.reportNewSender(header.sender) }
            self.lastSender = header.sender
        }
        // A sequence that goes back (a restarted sender, or a hostile one jumping from 2^64-1) starts over: no gap.
        if let last, header.sequence > last, header.sequence - last > 1 {
            self.counters.countGap(header.sequence - last - 1)
        }
        self.lastSenderSequence = header.sequence
    }

    /// Logs a sender not seen before (or evicted since), at most once a second: a peer inventing names cannot flood
    /// the log.
    private func reportNewSender(_ sender: String) {
        self.newSendersSinceLog += 1
        let now = MonotonicClock.now()
        guard now &- self.lastNewSenderLog >= 1_000_000_000 else { return }
        self.logger.info(
            "receiving from sender \(LogSafeName(sender))",
            metadata: ["new_senders_since_last_report": "\(self.newSendersSinceLog)"]
        )
        self.lastNewSenderLog = now
        self.newSendersSinceLog = 0
    }

    private func reportMalformed(_ reason: String) {
        self.counters.countMalformed()
        self.malformedSinceLog += 1
        let now = MonotonicClock.now()
        if now &- self.lastMalformedLog >= 1_000_000_000 {
            self.logger.warning(
                "rejected malformed frame",
                metadata: [
                    "reason": "\(reason)",
                    "since_last_report": "\(self.malformedSinceLog)",
                    "total": "\(self.counters.malformed)",
                ]
            )
            self.lastMalformedLog = now
            self.malformedSinceLog = 0
        }
    }
}
