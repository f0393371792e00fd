import CZeroMQ
import Synchronization
import ThreadSupport
public import WireFormat

/// The requesting side of the stop channel: sends one request to many services at once and collects replies.
///
/// Each service gets the "Lazy Pirate" treatment: a fresh PAIR socket per attempt (which escapes a connection the
/// service's PAIR ignored), the same request id on every retry (so retries are idempotent), and a hard deadline
/// so the caller never hangs on a service that is down. Within an attempt, the request is sent again whenever
/// the connection is re-established (the service drops waiting peers each time it answers one).
public struct ControlClient: Sendable {
    /// Timing of the requests.
    public struct Options: Sendable {
        /// The whole broadcast ends by then, answered or not.
        public var timeoutMilliseconds: Int = 3000
        /// The first attempt's wait for a reply; later attempts wait a little longer each, up to 1 s.
        public var attemptMilliseconds: Int = 200

        public init(timeoutMilliseconds: Int = 3000, attemptMilliseconds: Int = 200) {
            self.timeoutMilliseconds = timeoutMilliseconds
            self.attemptMilliseconds = attemptMilliseconds
        }
    }

    /// What came of the request to one endpoint.
    public enum Outcome: Sendable {
        /// The service answered.
        case replied(BusMessage, attempts: Int, milliseconds: Double)
        /// No answer within the timeout: the service is down, unreachable, or busy with another peer.
        case noReply(attempts: Int)
        /// The endpoint itself is invalid (not an address libzmq accepts).
        case invalidEndpoint(ZMQError)
        /// The service refused this client during the handshake (its key is not authorized, or the client and the
        /// service disagree on CURVE), or every handshake failed without an answer; `reason` says which.
        case refused(reason: String, attempts: Int)

        /// The reply, if any.
        public var reply: BusMessage? {
            if case .replied(let message, _, _) = self { message } else { nil }
        }
    }

    /// The name written in request headers (e.g. `control-cli`).
    public var sender: String
    public var options: Options
    /// CURVE per endpoint (``SocketSecurity/client(_:serverKey:)``); endpoints not listed connect without.
    public var security: [String: SocketSecurity]
    private let context: ZMQContext

    public init(
        sender: String,
        options: Options = Options(),
        security: [String: SocketSecurity] = [:],
        context: ZMQContext = .shared
    ) {
        self.sender = sender
        self.options = options
        self.security = security
        self.context = context
    }

    /// Asks every endpoint to stop with the same `stopID`; an outcome per endpoint, in order.
    public func stop(_ endpoints: [String], stopID: UInt64 = .random(in: 1...UInt64.max)) async -> [Outcome] {
        await self.requestOnThread(.stop(StopRequest(stopID: stopID)), endpoints: endpoints)
    }

    /// Asks every endpoint for its status; an outcome per endpoint, in order.
    public func status(_ endpoints: [String]) async -> [Outcome] {
        await self.requestOnThread(
            .statusRequest(StatusRequest(requestID: .random(in: 1...UInt64.max))),
            endpoints: endpoints
        )
    }

    private func requestOnThread(_ payload: BusMessage.Payload, endpoints: [String]) async -> [Outcome] {
        await DedicatedThread.run(name: "control-client") {
            self.request(payload, endpoints: endpoints)
        }
    }

    /// Sends `payload` to every endpoint and waits for matching replies, blocking the calling thread.
    public func request(_ payload: BusMessage.Payload, endpoints: [String]) -> [Outcome] {
        var request: [UInt8] = []
        WireFormat.encode(payload, sequence: 0, sender: self.sender, into: &request)
        let start = MonotonicClock.now()
        let deadline = start + UInt64(self.options.timeoutMilliseconds) * 1_000_000
        var peers = endpoints.map { Peer(endpoint: $0, security: self.security[$0] ?? .none) }
        let buffer = FrameBuffer(capacity: 4096)

        while MonotonicClock.now() < deadline, peers.contains(where: { $0.outcome == nil }) {
            let now = MonotonicClock.now()
            let poller = ZMQPoller()
            var polled: [(peer: Int, item: Int)] = []
            var monitored: [(peer: Int, item: Int)] = []
            var nextWake = deadline
            for index in peers.indices where peers[index].outcome == nil {
                if peers[index].socket == nil || now >= peers[index].attemptDeadline {
                    peers[index].startAttempt(request, context: self.context, now: now, base: self.options.attemptMilliseconds)
                }
                guard let socket = peers[index].socket, let monitor = peers[index].monitor else { continue }
                polled.append((index, poller.add(socket)))
                monitored.append((index, poller.add(monitor)))
                nextWake = min(nextWake, peers[index].attemptDeadline)
            }
            let waitMilliseconds = nextWake > now ? Int((nextWake - now) / 1_000_000) + 1 : 0
            _ = try? poller.poll(timeoutMilliseconds: waitMilliseconds)
            for (index, item) in polled where poller.isReadable(item) {
                peers[index].readReplies(matching: payload, into: buffer, start: start)
            }
            for (index, item) in monitored where poller.isReadable(item) {
                peers[index].readEvents(resending: request, into: buffer)
            }
        }
        return peers.map { $0.outcome ?? $0.unansweredOutcome }
    }
}

/// One endpoint's progress through a ``ControlClient`` request.
private struct Peer {
    private static let monitorCount = Atomic<Int>(0)

    private static let monitoredEvents =
        ZMQ_EVENT_HANDSHAKE_SUCCEEDED | ZMQ_EVENT_HANDSHAKE_FAILED_AUTH | ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL
        | ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL

    let endpoint: String
    let security: SocketSecurity
    var socket: ZMQSocket?
    /// Connection events of ``socket``: a handshake after the first means the request must be sent again.
    var monitor: ZMQSocket?
    var handshakes = 0
    /// Handshakes that failed (all attempts), and whether any succeeded.
    var failedHandshakes = 0
    var everConnected = false
    var attempts = 0
    var attemptDeadline: UInt64 = 0
    var outcome: ControlClient.Outcome?

    init(endpoint: String, security: SocketSecurity) {
        self.endpoint = endpoint
        self.security = security
    }

    /// The outcome when no answer came: refused when every handshake failed, else no reply.
    var unansweredOutcome: ControlClient.Outcome {
        guard self.failedHandshakes > 0, !self.everConnected else { return .noReply(attempts: self.attempts) }
        let reason = self.security.isAuthenticated
            ? "every CURVE handshake failed without an answer: wrong --server-key for this service, or it does not use CURVE"
            : "every handshake failed: the service may require CURVE keys (pass --key and --server-key)"
        return .refused(reason: reason, attempts: self.attempts)
    }

    /// Drops the previous socket and sends the request on a fresh one.
    mutating func startAttempt(_ request: [UInt8], context: ZMQContext, now: UInt64, base: Int) {
        self.socket = nil
        self.monitor = nil
        self.handshakes = 0
        self.attempts += 1
        let waitMilliseconds = min(1000, base * (1 + self.attempts) / 2)
        self.attemptDeadline = now + UInt64(waitMilliseconds) * 1_000_000
        do {
            let socket = try ZMQSocket(.pair, context: context)
            try socket.setReconnectInterval(milliseconds: 10)
            try socket.setOption(ZMQ_RECONNECT_IVL_MAX, 50)
            try socket.setMaxMessageSize(4096)
            try self.security.apply(to: socket)
            let address = "inproc://control-client-\(Self.monitorCount.add(1, ordering: .relaxed).newValue)"
            try socket.monitor(address, events: Self.monitoredEvents)
            let monitor = try ZMQSocket(.pair, context: context)
            try monitor.connect(address)
            do {
                try socket.connect(self.endpoint)
            } catch {
                self.outcome = .invalidEndpoint(error)
                return
            }
            self.monitor = monitor
            // A connecting PAIR queues the frame until the connection is up, so this does not fail for a peer
            // that is still starting; a refusal just leaves this attempt to time out.
            try socket.send(request)
            self.socket = socket
        } catch {
            self.socket = nil
        }
    }

    mutating func readReplies(matching request: BusMessage.Payload, into buffer: FrameBuffer, start: UInt64) {
        guard let socket = self.socket else { return }
        while let length = try? socket.receive(into: buffer.bytes) {
            guard length <= buffer.bytes.count,
                let message = try? WireFormat.decode(buffer.prefix(length)),
                Self.answers(message.payload, request)
            else { continue }
            let milliseconds = Double(MonotonicClock.now() - start) / 1e6
            self.outcome = .replied(message, attempts: self.attempts, milliseconds: milliseconds)
            self.socket = nil
            self.monitor = nil
            return
        }
    }

    /// Counts handshakes; after a reconnection the request sent earlier was lost with the old connection.
    /// A refusal by the service's ZAP handler ends the request to this endpoint at once.
    mutating func readEvents(resending request: [UInt8], into buffer: FrameBuffer) {
        guard let monitor = self.monitor else { return }
        while let length = try? monitor.receive(into: buffer.bytes) {
            let isEvent = length >= 6 && monitor.hasMoreParts  // event id and value, then the address
            let event = isEvent ? Int32(buffer.bytes.loadUnaligned(fromByteOffset: 0, as: UInt16.self)) : 0
            let value = isEvent ? buffer.bytes.loadUnaligned(fromByteOffset: 2, as: UInt32.self) : 0
            while monitor.hasMoreParts { _ = try? monitor.receive(into: buffer.bytes) }
            switch event {
            case ZMQ_EVENT_HANDSHAKE_SUCCEEDED:
                self.everConnected = true
                self.handshakes += 1
                if self.handshakes > 1 { _ = try? self.socket?.send(request) }
            case ZMQ_EVENT_HANDSHAKE_FAILED_AUTH:
                self.outcome = .refused(
                    reason: "the service refused this client's key (ZAP status \(value)): "
                        + "its public key is not listed in the service's security.control.authorized_keys",
                    attempts: self.attempts
                )
                self.socket = nil
                self.monitor = nil
                return
            case ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL, ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL:
                self.failedHandshakes += 1
            default:
                break
            }
        }
    }

    private static func answers(_ reply: BusMessage.Payload, _ request: BusMessage.Payload) -> Bool {
        switch (request, reply) {
        case (.stop(let stop), .stopAcknowledgement(let ack)): ack.stopID == stop.stopID
        case (.statusRequest(let query), .status(let status)): status.requestID == query.requestID
        default: false
        }
    }
}
