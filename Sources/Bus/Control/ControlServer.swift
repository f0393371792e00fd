import CZeroMQ
public import Logging
import Synchronization
import ThreadSupport
public import WireFormat

/// The service side of the stop channel: a bound PAIR socket that answers stop and status requests.
///
/// A bound PAIR talks to one peer at a time and silently ignores others (see `docs/stop-channel.md`), so the
/// server works around each way that could lose a stop:
/// - once the answered peer has disconnected (it has its answer then), it closes and re-binds the socket, which
///   drops any peer stuck behind it at once; stuck peers reconnect to the fresh socket by themselves;
/// - a peer that stays connected without sending a well-formed request for ``Options/idlePeerMilliseconds`` (a
///   frozen or vanished host, a stuck tool) is dropped by a re-bind, and a peer that sends a malformed frame while
///   others wait is dropped 100 ms later, so nobody holds the socket for long: junk never refreshes the idle
///   timer. ZMTP heartbeats
///   are deliberately off: libzmq 4.3 asserts (`!_io_error`, stream_engine_base.cpp) when a heartbeat fires on
///   a connection whose input is stopped, which is exactly the state of a peer the PAIR ignores;
/// - replies never block, and linger is 0;
/// - on ``finish()`` it keeps answering while peers are still connected or expected back, and for
///   ``Options/lingerAfterStopMilliseconds`` after the first stop (bounded by ``Options/drainMilliseconds``), so
///   two `control stop` commands at once both get their acknowledgement.
public final class ControlServer: Sendable {
    /// Tuning of the control socket.
    public struct Options: Sendable {
        /// Longest time ``finish()`` keeps answering connected peers before closing.
        public var drainMilliseconds: Int = 500
        /// After the first stop request, ``finish()`` keeps answering at least this long, so a second `control stop`
        /// started at the same moment (a few milliseconds later) is acknowledged rather than refused.
        public var lingerAfterStopMilliseconds: Int = 80
        /// A connection that sends nothing for this long is dropped (requesters send at once).
        public var idlePeerMilliseconds: Int = 1000
        /// CURVE on the socket: ``SocketSecurity/server(_:domain:)`` admits only the keys the context's
        /// ``ZapHandler`` lists for the domain, and stop requests are logged with the key's name.
        public var security: SocketSecurity = .none

        public init() {}
    }

    /// What the server asks its owner for.
    public struct Handlers: Sendable {
        /// The service's current status, answered to status requests.
        public var status: @Sendable (_ requestID: UInt64) -> ServiceStatus
        /// Called once, on the first stop request, from the server's thread; must return quickly. The requester is
        /// the request's sender name, followed by ` (key NAME)` when its CURVE key was authorized as NAME.
        public var stop: @Sendable (StopRequest, _ requester: String) -> Void

        public init(
            status: @escaping @Sendable (_ requestID: UInt64) -> ServiceStatus,
            stop: @escaping @Sendable (StopRequest, _ requester: String) -> Void
        ) {
            self.status = status
            self.stop = stop
        }
    }

    /// The endpoint bound (with the real port when bound to `*`).
    public let boundEndpoint: String
    /// Requests received and malformed frames (garbage, failed handshakes) rejected.
    public let counters = ChannelCounters()
    private let wake = PollWakePipe()
    private let finishing = Atomic<Bool>(false)
    private let thread: Mutex<DedicatedThread?> = Mutex(nil)

    /// Binds `endpoint` and starts answering on a dedicated thread.
    /// - Throws: ``BusError`` if the endpoint cannot be bound (taken, or not an address of this host).
    public init(
        endpoint: String,
        serviceName: String,
        handlers: Handlers,
        options: Options = Options(),
        logger: Logger,
        context: ZMQContext = .shared
    ) throws(BusError) {
        let loop = try ControlServerLoop(
            endpoint: endpoint,
            serviceName: serviceName,
            handlers: handlers,
            options: options,
            counters: self.counters,
            logger: logger,
            context: context
        )
        self.boundEndpoint = loop.boundEndpoint
        nonisolated(unsafe) let owned = loop
        self.thread.withLock {
            $0 = DedicatedThread(name: "control") { [self] in
                owned.run(wake: self.wake) { self.finishing.load(ordering: .acquiring) }
            }
        }
    }

    /// Answers peers that are still connected (bounded by ``Options/drainMilliseconds``), then closes the socket.
    public func finish() async {
        self.finishing.store(true, ordering: .releasing)
        self.wake.signal()
        await self.thread.withLock { $0 }?.joinAsync()
    }
}

/// The state of a ``ControlServer``, confined to its thread.
private final class ControlServerLoop {
    private static let monitoredEvents =
        ZMQ_EVENT_ACCEPTED | ZMQ_EVENT_DISCONNECTED | ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL
        | ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL | ZMQ_EVENT_HANDSHAKE_FAILED_AUTH
    private static let monitorCount = Atomic<Int>(0)

    let boundEndpoint: String
    private let serviceName: String
    private let handlers: ControlServer.Handlers
    private let options: ControlServer.Options
    private let counters: ChannelCounters
    private let logger: Logger
    private let context: ZMQContext
    private var socket: ZMQSocket
    private var monitor: ZMQSocket
    private let poller = ZMQPoller()
    private let buffer = FrameBuffer(capacity: 1024)
    private let frame = ZMQMessage()
    private var reply: [UInt8] = []
    private var sequence: UInt64 = 0
    /// When the first stop request arrived.
    private var firstStopAt: UInt64?
    /// Connections open on the current socket, from monitor events.
    private var connections = 0
    /// Peers dropped by the last re-bind that have not reconnected yet.
    private var expectedBack = 0
    private var reboundAt: UInt64 = 0
    /// After an answer: re-bind when the answered peer disconnects (it has the answer then), or at this time.
    private var rebindAfterAnswerAt: UInt64?
    /// When set, the socket is closed and is bound again at this time.
    private var rebindAt: UInt64?
    private var rebindDelayMilliseconds = 1
    private var unboundSince: UInt64 = 0
    private var lastRebindWarning: UInt64 = 0
    /// When the socket last received a well-formed request, or got its first connection.
    private var lastActivity: UInt64 = 0
    private var lastMalformedLog: UInt64 = 0

    init(
        endpoint: String,
        serviceName: String,
        handlers: ControlServer.Handlers,
        options: ControlServer.Options,
        counters: ChannelCounters,
        logger: Logger,
        context: ZMQContext
    ) throws(BusError) {
        self.serviceName = serviceName
        self.handlers = handlers
        self.options = options
        self.counters = counters
        self.logger = logger
        self.context = context
        (self.socket, self.monitor) = try Self.open(endpoint, options: options, context: context)
        self.boundEndpoint = self.socket.lastEndpoint
        self.poller.add(self.socket)
        self.poller.add(self.monitor)
    }

    private static func open(
        _ endpoint: String,
        options: ControlServer.Options,
        context: ZMQContext
    ) throws(BusError) -> (ZMQSocket, ZMQSocket) {
        let socket: ZMQSocket
        do {
            socket = try ZMQSocket(.pair, context: context)
            // The socket is closed right after each answer (see `rebind`): a short linger lets libzmq's I/O thread
            // still write the queued answer. Closing never blocks this thread either way.
            try socket.setLinger(milliseconds: 250)
            try socket.setMaxMessageSize(1024)
            try socket.setHandshakeInterval(milliseconds: 2000)
            try options.security.apply(to: socket)
        } catch {
            throw .zmq(error)
        }
        do { try socket.bind(endpoint) } catch { throw .endpoint(endpoint, error) }
        do {
            let address = "inproc://control-monitor-\(Self.monitorCount.add(1, ordering: .relaxed).newValue)"
            try socket.monitor(address, events: Self.monitoredEvents)
            let monitor = try ZMQSocket(.pair, context: context)
            try monitor.connect(address)
            return (socket, monitor)
        } catch {
            throw .zmq(error)
        }
    }

    func run(wake: PollWakePipe, isFinishing: () -> Bool) {
        let wakeIndex = self.poller.add(fileDescriptor: wake.fileDescriptor)
        var drainDeadline: UInt64?
        while true {
            let now = MonotonicClock.now()
            if let deadline = drainDeadline {
                let peersGone = self.connections <= 0
                    && (self.expectedBack <= 0 || now &- self.reboundAt > 150_000_000)
                let lingered = self.firstStopAt.map {
                    now &- $0 >= UInt64(self.options.lingerAfterStopMilliseconds) * 1_000_000
                } ?? true
                // An answer is delivered once its peer disconnected; exiting earlier could kill it in libzmq's queue.
                let answersDelivered = self.rebindAfterAnswerAt == nil
                if (peersGone && lingered && answersDelivered) || now >= deadline { break }
            }
            if let rebindAt = self.rebindAt, now >= rebindAt {
                self.tryRebind()
                continue
            }
            if let due = self.rebindAfterAnswerAt, now >= due {
                self.rebind(afterAnswer: true)
                continue
            }
            let idleLimit = UInt64(self.options.idlePeerMilliseconds) * 1_000_000
            if self.connections > 0, now &- self.lastActivity >= idleLimit {
                self.logger.debug("dropping idle control peers", metadata: ["connections": "\(self.connections)"])
                self.rebind(afterAnswer: false)
                continue
            }
            var timeout = -1
            if let deadline = drainDeadline { timeout = min(Int((deadline &- now) / 1_000_000) + 1, 20) }
            if self.connections > 0 {
                let idleLeft = Int((self.lastActivity &+ idleLimit &- now) / 1_000_000) + 1
                timeout = timeout < 0 ? idleLeft : min(timeout, idleLeft)
            }
            for due in [self.rebindAt, self.rebindAfterAnswerAt].compactMap({ $0 }) {
                let left = Int((due &- now) / 1_000_000) + 1
                timeout = timeout < 0 ? left : min(timeout, left)
            }
            do {
                try self.poller.poll(timeoutMilliseconds: timeout)
            } catch {
                self.logger.error("control poll failed", metadata: ["error": "\(error)"])
                continue
            }
            if self.poller.isReadable(1) { self.readMonitorEvents() }
            if self.poller.isReadable(0) { self.answerRequests() }
            if self.poller.isReadable(wakeIndex) {
                wake.drain()
                if isFinishing(), drainDeadline == nil {
                    drainDeadline = MonotonicClock.now() + UInt64(self.options.drainMilliseconds) * 1_000_000
                }
            }
        }
        self.socket.close()
        self.monitor.close()
    }

    private func readMonitorEvents() {
        while let length = try? self.monitor.receive(into: self.buffer.bytes) {
            guard length >= 6 else { continue }
            let event = Int32(self.buffer.bytes.loadUnaligned(fromByteOffset: 0, as: UInt16.self))
            while self.monitor.hasMoreParts { _ = try? self.monitor.receive(into: self.buffer.bytes) }
            switch event {
            case ZMQ_EVENT_ACCEPTED:
                // Idle time runs from the first connection or the last frame; later connections do not reset it,
                // or requesters queueing behind a silent peer would keep that peer's hold alive.
                if self.connections == 0 { self.lastActivity = MonotonicClock.now() }
                self.connections += 1
                self.expectedBack = max(0, self.expectedBack - 1)
            case ZMQ_EVENT_DISCONNECTED:
                self.connections = max(0, self.connections - 1)
                if self.rebindAfterAnswerAt != nil { self.rebind(afterAnswer: true) }
            case ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL, ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL:
                self.rejectMalformed(
                    self.options.security.isAuthenticated
                        ? "a peer failed the CURVE handshake (no CURVE, or the wrong server key?)"
                        : "a peer failed the ZMTP handshake (not a ZeroMQ client?)"
                )
            case ZMQ_EVENT_HANDSHAKE_FAILED_AUTH:
                self.rejectMalformed("a peer's key is not authorized for control")
            default:
                break
            }
        }
    }

    private func answerRequests() {
        var answered = false
        var junk = false
        while (try? self.socket.receive(into: self.frame)) == true {
            if self.frame.hasMoreParts {
                while self.frame.hasMoreParts, (try? self.socket.receive(into: self.frame)) == true {}
                self.rejectMalformed("multi-part frame")
                junk = true
                continue
            }
            // Frames over 1024 bytes never get here: libzmq drops the peer that sends one (ZMQ_MAXMSGSIZE).
            let message: BusMessage
            do {
                message = try WireFormat.decode(self.frame.bytes)
            } catch {
                self.rejectMalformed(error.description)
                junk = true
                continue
            }
            // Only a well-formed (and, with CURVE, authenticated) request keeps the peer's hold on the socket.
            self.lastActivity = MonotonicClock.now()
        self.counters.countReceived()
            switch message.payload {
            case .stop(let request):
                if self.firstStopAt == nil {
                    self.firstStopAt = MonotonicClock.now()
                    var metadata: Logger.Metadata = [
                        "by": "\(LogSafeName(message.header.sender))", "stop_id": "\(request.stopID)",
                    ]
                    let key = self.frame.metadata("User-Id")
                    if let key { metadata["key"] = "\(key)" }
                    if let address = self.frame.metadata("Peer-Address") { metadata["from"] = "\(address)" }
                    self.logger.info("stop requested", metadata: metadata)
                    self.handlers.stop(request, message.header.sender + (key.map { " (key \($0))" } ?? ""))
                }
                self.send(.stopAcknowledgement(StopAcknowledgement(stopID: request.stopID, state: .stopping)))
                answered = true
            case .statusRequest(let request):
                self.send(.status(self.handlers.status(request.requestID)))
                answered = true
            default:
                self.rejectMalformed("unexpected \(message.payload.type) on the control channel")
                junk = true
            }
        }
        if answered, self.rebindAfterAnswerAt == nil {
            self.rebindAfterAnswerAt = MonotonicClock.now() + 100_000_000
        } else if junk, !answered, self.connections > 1 {
            // The peer holding the socket sends junk while others wait: its hold ends 100 ms from now (frames it
            // already queued are still read and counted), then the idle re-bind gives the others their turn. A lone
            // junk peer keeps its connection until the idle timer drops it.
            let idleLimit = UInt64(self.options.idlePeerMilliseconds) * 1_000_000
            let shortened = MonotonicClock.now() &+ 100_000_000 &- idleLimit
            if idleLimit > 100_000_000, self.lastActivity > shortened { self.lastActivity = shortened }
        }
    }

    private func send(_ payload: BusMessage.Payload) {
        WireFormat.encode(payload, sequence: self.sequence, sender: self.serviceName, into: &self.reply)
        self.sequence &+= 1
        if (try? self.socket.send(self.reply)) != true {
            self.logger.debug("control reply not sent: the requester left")
        } else {
            self.counters.countSent()
        }
    }

    /// Closes the socket and binds a fresh one, so the peer just answered and any peer stuck behind it are
    /// dropped now rather than after an idle timeout. Dropped peers other than the answered one are expected
    /// to reconnect (libzmq does that by itself for connecting sockets).
    private func rebind(afterAnswer: Bool) {
        self.rebindAfterAnswerAt = nil
        self.expectedBack = max(0, self.connections - (afterAnswer ? 1 : 0))
        self.connections = 0
        self.socket.close()
        self.monitor.close()
        self.poller.disable(0)
        self.poller.disable(1)
        self.rebindDelayMilliseconds = 1
        self.unboundSince = MonotonicClock.now()
        self.rebindAt = self.unboundSince
        self.tryRebind()
    }

    /// Binds the fresh socket, or schedules another try: the old listener closes asynchronously, so the port stays
    /// busy for a few milliseconds (and another process may have taken it meanwhile).
    private func tryRebind() {
        do {
            (self.socket, self.monitor) = try Self.open(self.boundEndpoint, options: self.options, context: self.context)
            self.rebindAt = nil
            self.reboundAt = MonotonicClock.now()
            self.poller.replace(0, with: self.socket)
            self.poller.replace(1, with: self.monitor)
        } catch {
            let now = MonotonicClock.now()
            if now &- self.unboundSince > 2_000_000_000, now &- self.lastRebindWarning > 1_000_000_000 {
                self.lastRebindWarning = now
                self.logger.error(
                    "control endpoint cannot be bound again: stop and status requests fail until it can",
                    metadata: ["endpoint": "\(self.boundEndpoint)", "error": "\(error)"]
                )
            }
            self.rebindAt = now + UInt64(self.rebindDelayMilliseconds) * 1_000_000
            self.rebindDelayMilliseconds = min(self.rebindDelayMilliseconds * 2, 1000)
        }
    }

    private func rejectMalformed(_ reason: String) {
        self.counters.countMalformed()
        let now = MonotonicClock.now()
        if now &- self.lastMalformedLog >= 1_000_000_000 {
            self.lastMalformedLog = now
            self.logger.warning(
                "rejected malformed control frame",
                metadata: ["reason": "\(reason)", "total": "\(self.counters.malformed)"]
            )
        }
    }
}
