import CZeroMQ
public import Logging
import ThreadSupport
public import WireFormat

/// The consuming end of a queue channel (PULL), owned by one thread: receives frames and checks them in full.
///
/// A received frame is lent to the caller as a ``WireFormat/MessageView`` read in place from libzmq's buffer (no
/// copy, no owned message built); a caller that keeps the message calls ``WireFormat/MessageView/decode(previousSender:)``.
/// Frames that fail the checks (NaN, infinite or absurd floats included) are counted in ``counters`` and logged (at
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
    /// The two libzmq messages frames are received into, in place.
    private let messages = (ZMQMessage(), ZMQMessage())
    /// The message lent to the caller (one of ``messages``); in `latest` mode frames are received into ``spare``
    /// while draining and the two swap, so the newest stays readable without a copy. Held as pointers: no reference
    /// count to keep per frame.
    private var frame: UnsafeMutablePointer<zmq_msg_t>
    private var spare: UnsafeMutablePointer<zmq_msg_t>
    /// Every tracked sender's last sequence but the current one's (``lastSender``), which is kept apart.
    private(set) var senders = SenderSequenceTable(capacity: MessageReceiver.maxSenders)
    /// The sender of the previous message (also as bytes, which each frame's view compares with its own) and its
    /// sequence: nearly every message comes from the same sender, and its name is then neither checked, decoded nor
    /// looked up.
    private var lastSender = ""
    private let lastSenderBytes = FrameBuffer(capacity: WireFormat.maxSenderLength)
    /// -1 before the first message.
    private var lastSenderLength = -1
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
        self.frame = self.messages.0.pointer
        self.spare = self.messages.1.pointer
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

    /// Adds `wake`'s file descriptor to the poll set so another thread can interrupt ``receive(timeoutMilliseconds:_:)``.
    func addWakeSignal(_ wake: PollWakePipe) -> Int {
        let index = self.poller.add(fileDescriptor: wake.fileDescriptor)
        self.wakeIndex = index
        return index
    }

    /// Whether the poll set entry `index` (from ``addWakeSignal(_:)``) fired during the last receive.
    func didFire(_ index: Int) -> Bool { self.poller.isReadable(index) }

    /// Waits up to `timeoutMilliseconds` (-1: forever) for a message and lends it to `body`.
    ///
    /// In `queue` mode `body` gets the next message in order; in `latest` mode everything waiting is received and
    /// checked (and counted), and `body` gets the newest. Malformed frames are skipped. The view is valid only
    /// during `body`: decode what must outlive it.
    /// - Returns: what `body` returned, or `nil` on timeout or wake-up.
    /// - Throws: ``BusError`` from the socket, or what `body` throws.
    @inlinable  // specialized for the caller's `body` (a call through a generic closure costs more than the rest)
    public func receive<Result>(
        timeoutMilliseconds: Int,
        _ body: (borrowing MessageView) throws -> Result
    ) throws -> Result? {
        guard let view = try self.nextView(timeoutMilliseconds: timeoutMilliseconds) else { return nil }
        return try body(view)
    }

    /// The next message for ``receive(timeoutMilliseconds:_:)``, or `nil` on timeout or wake-up.
    @usableFromInline
    func nextView(timeoutMilliseconds: Int) throws(BusError) -> MessageView? {
        guard let first = try self.firstView(timeoutMilliseconds: timeoutMilliseconds) else { return nil }
        guard case .latest = self.mode else { return first }
        return try self.newest(after: first)
    }

    /// The first frame that passes the checks within `timeoutMilliseconds`.
    @inline(__always)
    private func firstView(timeoutMilliseconds: Int) throws(BusError) -> MessageView? {
        if self.wakeIndex == nil {
            // Nothing can interrupt this receive: one blocking zmq_msg_recv (it returns at once when a frame is
            // waiting) rather than a non-blocking try, then zmq_poll, then another receive.
            try self.setReceiveTimeout(timeoutMilliseconds)
            return try self.receiveOne(wait: true)
        }
        if let view = try self.receiveOne(wait: false) { return view }
        do {
            guard try self.poller.poll(timeoutMilliseconds: timeoutMilliseconds) > 0, self.poller.isReadable(0) else {
                return nil
            }
        } catch {
            throw .zmq(error)
        }
        return try self.receiveOne(wait: false)
    }

    private func setReceiveTimeout(_ milliseconds: Int) throws(BusError) {
        let timeout = Int32(clamping: milliseconds)
        guard timeout != self.receiveTimeout else { return }
        do {
            try self.socket.setReceiveTimeout(milliseconds: timeout)
        } catch {
            throw .zmq(error)
        }
        self.receiveTimeout = timeout
    }

    /// The newest of `first` (read from ``frame``) and every frame waiting behind it, which is left in ``frame``
    /// (`latest` mode).
    private func newest(after first: consuming MessageView) throws(BusError) -> MessageView {
        var newest = first
        while let view = try self.receiveOne(wait: false, intoSpare: true) {
            newest = view
            swap(&self.frame, &self.spare)
        }
        return newest
    }

    /// Receives into ``frame`` (``spare`` if `intoSpare`) until a frame passes the checks.
    /// - Returns: its view, or `nil` when nothing is waiting (or arrived in time).
    @inline(__always)
    private func receiveOne(wait: Bool, intoSpare: Bool = false) throws(BusError) -> MessageView? {
        let message = intoSpare ? self.spare : self.frame
        while true {
            let length: Int
            do {
                guard let received = try self.socket.receive(into: message, wait: wait) else { return nil }
                length = received
            } catch {
                throw .zmq(error)
            }
            // Frames over maxFrameSize never get here: libzmq drops the peer that sends one (ZMQ_MAXMSGSIZE).
            if zmq_msg_more(message) != 0 {
                self.drainParts(message)
                self.reportMalformed("multi-part message (the bus sends single frames)")
                continue
            }
            do {
                // The last sender's name was checked when first seen: the view compares it first and checks it
                // no further when it is the same, and tracking reuses that comparison.
                let knownSender =
                    self.lastSenderLength >= 0 ? self.lastSenderBytes.prefix(self.lastSenderLength) : nil
                let view = try MessageView(
                    validating: UnsafeRawBufferPointer(start: zmq_msg_data(message), count: length),
                    knownSender: knownSender
                )
                self.track(view)
                self.counters.countReceived()
                return view
            } catch {
                self.reportMalformed(error.description)
            }
        }
    }

    private func drainParts(_ message: UnsafeMutablePointer<zmq_msg_t>) {
        while zmq_msg_more(message) != 0 {
            guard (try? self.socket.receive(into: message, wait: false)) != nil else { return }
        }
    }

    @inline(__always)
    private func track(_ view: borrowing MessageView) {
        let sequence = view.sequence
        let last = view.isFromKnownSender ? self.lastSenderSequence : self.switchSender(to: view)
        // A sequence that goes back (a restarted sender, or a hostile one jumping from 2^64-1) starts over: no gap.
        if let last, sequence > last, sequence - last > 1 {
            self.counters.countGap(sequence - last - 1)
        }
        self.lastSenderSequence = sequence
    }

    /// Makes `view`'s sender the last one, keeping the previous one's sequence in ``senders``.
    /// - Returns: the new sender's last sequence, if it is tracked.
    @inline(never)
    private func switchSender(to view: borrowing MessageView) -> UInt64? {
        if self.lastSenderLength >= 0 { self.senders.record(self.lastSenderSequence, for: self.lastSender) }
        let name = view.sender
        let last = self.senders.sequence(of: name)
        if last == nil { self.reportNewSender(name) }
        self.lastSender = name
        let sender = view.senderUTF8
        self.lastSenderBytes.bytes.copyMemory(from: sender)
        self.lastSenderLength = sender.count
        return last
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
