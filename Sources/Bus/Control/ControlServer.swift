import CZeroMQ
#if canImport(Glibc)
import Glibc
#endif
public import Logging
import Synchronization
public import WireFormat

/// The service side of the stop channel: a bound PAIR socket that answers stop and status requests.
///
/// A bound PAIR talks to one peer at a time and silently ignores others (see `docs/stop-channel.md`), so the
/// server works around each way that could lose a stop:
/// - after answering a request it closes and re-binds the socket, which drops the finished peer and any peer
///   stuck behind it at once; stuck peers reconnect to the fresh socket by themselves;
/// - ZMTP heartbeats drop a frozen or vanished peer that holds the socket without sending;
/// - replies never block, and linger is 0;
/// - on ``finish()`` it keeps answering while peers are still connected (bounded by
///   ``Options/drainMilliseconds``), so two `control stop` commands at once both get their acknowledgement.
public final class ControlServer: Sendable {
    /// Tuning of the control socket.
    public struct Options: Sendable {
        /// ZMTP heartbeat interval; a peer that does not answer within ``heartbeatTimeoutMilliseconds`` is dropped.
        public var heartbeatIntervalMilliseconds: Int32 = 250
        public var heartbeatTimeoutMilliseconds: Int32 = 1000
        /// Longest time ``finish()`` keeps answering connected peers before closing.
        public var drainMilliseconds: Int = 500

        public init() {}
    }

    /// What the server asks its owner for.
    public struct Handlers: Sendable {
        /// The service's current status, answered to status requests.
        public var status: @Sendable (_ requestID: UInt64) -> ServiceStatus
        /// Called once, on the first stop request, from the server's thread; must return quickly.
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
    private let wake = WakeSignal()
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
        | ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL
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
    private let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1024, alignment: 8)
    private var reply: [UInt8] = []
    private var sequence: UInt64 = 0
    private var stopRequested = false
    /// Connections open on the current socket, from monitor events.
    private var connections = 0
    /// Peers dropped by the last re-bind that have not reconnected yet.
    private var expectedBack = 0
    private var reboundAt: UInt64 = 0
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

    deinit {
        self.buffer.deallocate()
    }

    private static func open(
        _ endpoint: String,
        options: ControlServer.Options,
        context: ZMQContext
    ) throws(BusError) -> (ZMQSocket, ZMQSocket) {
        do {
            let socket = try ZMQSocket(.pair, context: context)
            try socket.setHeartbeat(
                intervalMilliseconds: options.heartbeatIntervalMilliseconds,
                timeoutMilliseconds: options.heartbeatTimeoutMilliseconds
            )
            try socket.setMaxMessageSize(1024)
            try socket.setHandshakeInterval(milliseconds: 2000)
            do { try socket.bind(endpoint) } catch { throw BusError.endpoint(endpoint, error) }
            let address = "inproc://control-monitor-\(Self.monitorCount.add(1, ordering: .relaxed).newValue)"
            try socket.monitor(address, events: Self.monitoredEvents)
            let monitor = try ZMQSocket(.pair, context: context)
            try monitor.connect(address)
            return (socket, monitor)
        } catch let error as BusError {
            throw error
        } catch let error as ZMQError {
            throw .zmq(error)
        } catch {
            preconditionFailure("unexpected error \(error)")
        }
    }

    func run(wake: WakeSignal, isFinishing: () -> Bool) {
        let wakeIndex = self.poller.add(fileDescriptor: wake.fileDescriptor)
        var drainDeadline: UInt64?
        while true {
            let now = MonotonicClock.now()
            if let deadline = drainDeadline {
                let peersGone = self.connections <= 0
                    && (self.expectedBack <= 0 || now &- self.reboundAt > 150_000_000)
                if peersGone || now >= deadline { break }
            }
            let timeout = drainDeadline.map { Int(($0 &- now) / 1_000_000) + 1 } ?? -1
            do {
                try self.poller.poll(timeoutMilliseconds: drainDeadline == nil ? timeout : min(timeout, 20))
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
        while let length = try? self.monitor.receive(into: self.buffer) {
            guard length >= 6 else { continue }
            let event = Int32(self.buffer.loadUnaligned(fromByteOffset: 0, as: UInt16.self))
            while self.monitor.hasMoreParts { _ = try? self.monitor.receive(into: self.buffer) }
            switch event {
            case ZMQ_EVENT_ACCEPTED:
                self.connections += 1
                self.expectedBack = max(0, self.expectedBack - 1)
            case ZMQ_EVENT_DISCONNECTED:
                self.connections = max(0, self.connections - 1)
            case ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL, ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL:
                self.rejectMalformed("a peer failed the ZMTP handshake (not a ZeroMQ client?)")
            default:
                break
            }
        }
    }

    private func answerRequests() {
        var answered = false
        while let length = try? self.socket.receive(into: self.buffer) {
            if self.socket.hasMoreParts {
                while self.socket.hasMoreParts { _ = try? self.socket.receive(into: self.buffer) }
                self.rejectMalformed("multi-part frame")
                continue
            }
            guard length <= self.buffer.count else {
                self.rejectMalformed("frame of \(length) bytes")
                continue
            }
            let message: BusMessage
            do {
                message = try WireFormat.decode(UnsafeRawBufferPointer(rebasing: self.buffer[0..<length]))
            } catch {
                self.rejectMalformed(error.description)
                continue
            }
            self.counters.countReceived()
            switch message.payload {
            case .stop(let request):
                if !self.stopRequested {
                    self.stopRequested = true
                    self.logger.info(
                        "stop requested",
                        metadata: ["by": "\(message.header.sender)", "stop_id": "\(request.stopID)"]
                    )
                    self.handlers.stop(request, message.header.sender)
                }
                self.send(.stopAcknowledgement(StopAcknowledgement(stopID: request.stopID, state: .stopping)))
                answered = true
            case .statusRequest(let request):
                self.send(.status(self.handlers.status(request.requestID)))
                answered = true
            default:
                self.rejectMalformed("unexpected \(message.payload.type) on the control channel")
            }
        }
        if answered { self.rebind() }
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
    /// dropped now rather than after a heartbeat timeout.
    private func rebind() {
        self.expectedBack = max(0, self.connections - 1)
        self.connections = 0
        self.socket.close()
        self.monitor.close()
        var delayMilliseconds: UInt32 = 1
        while true {
            do {
                (self.socket, self.monitor) = try Self.open(
                    self.boundEndpoint,
                    options: self.options,
                    context: self.context
                )
                break
            } catch {
                // The old socket's listener closes asynchronously: the port stays busy for a few milliseconds.
                if delayMilliseconds >= 512 {
                    self.logger.warning(
                        "control endpoint not free yet; retrying",
                        metadata: ["endpoint": "\(self.boundEndpoint)", "error": "\(error)"]
                    )
                }
                usleep(delayMilliseconds * 1000)
                delayMilliseconds = min(delayMilliseconds * 2, 1000)
            }
        }
        self.reboundAt = MonotonicClock.now()
        self.poller.replace(0, with: self.socket)
        self.poller.replace(1, with: self.monitor)
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
