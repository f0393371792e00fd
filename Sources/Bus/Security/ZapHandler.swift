import CZeroMQ
public import Logging
import Synchronization
import ThreadSupport
import WireFormat

/// The ZAP handler (RFC 27) of one ``ZMQContext``: admits a CURVE client only when its public key is listed for the
/// domain of the socket it connects to, and gives the key's name as the connection's User-Id.
///
/// libzmq asks it about every connection to a CURVE server socket of the same context (``SocketSecurity/server``)
/// over `inproc://zeromq.zap.01`; it answers on a dedicated thread. Start it before binding such a socket:
/// without a handler libzmq admits every client that knows the server's public key. Malformed requests (which
/// libzmq never sends) are counted and ignored. One handler per context.
public final class ZapHandler: Sendable {
    /// Where libzmq sends ZAP requests.
    public static let endpoint = "inproc://zeromq.zap.01"

    private let admitted = Atomic<UInt64>(0)
    private let refused = Atomic<UInt64>(0)
    private let malformed = Atomic<UInt64>(0)
    private let wake = PollWakePipe()
    private let stopping = Atomic<Bool>(false)
    private let thread: Mutex<DedicatedThread?> = Mutex(nil)
    /// Kept alive while the handler's socket is open (terminating a context waits for its sockets).
    private let context: ZMQContext

    /// Binds the handler in `context` and starts answering.
    /// - Parameter authorized: per ZAP domain, the admitted public keys and their names.
    /// - Throws: ``BusError`` when a handler is already bound in `context`.
    public init(
        authorized: [String: [CurveKey: String]],
        logger: Logger,
        context: ZMQContext = .shared
    ) throws(BusError) {
        self.context = context
        let socket: ZMQSocket
        do { socket = try ZMQSocket(.router, context: context) } catch { throw .zmq(error) }
        do { try socket.bind(Self.endpoint) } catch { throw .endpoint(Self.endpoint, error) }
        nonisolated(unsafe) let owned = socket
        let allowed = authorized.mapValues { keys in Dictionary(uniqueKeysWithValues: keys.map { ($0.key.bytes, $0.value) }) }
        self.thread.withLock {
            $0 = DedicatedThread(name: "zap") { [self] in
                self.serve(owned, allowed: allowed, logger: logger)
            }
        }
    }

    /// Connections admitted so far.
    public var admittedCount: UInt64 { self.admitted.load(ordering: .relaxed) }
    /// Connections refused so far (unknown key, or not CURVE).
    public var refusedCount: UInt64 { self.refused.load(ordering: .relaxed) }
    /// Malformed requests ignored so far.
    public var malformedCount: UInt64 { self.malformed.load(ordering: .relaxed) }

    /// Stops answering and unbinds; later connections to CURVE servers of the context fail their handshake.
    public func stop() async {
        self.stopping.store(true, ordering: .releasing)
        self.wake.signal()
        await self.thread.withLock { $0 }?.joinAsync()
    }

    private func serve(_ socket: ZMQSocket, allowed: [String: [[UInt8]: String]], logger: Logger) {
        let poller = ZMQPoller()
        poller.add(socket)
        poller.add(fileDescriptor: self.wake.fileDescriptor)
        let message = ZMQMessage()
        var lastRefusalLog: UInt64 = 0
        while !self.stopping.load(ordering: .acquiring) {
            guard (try? poller.poll(timeoutMilliseconds: -1)) != nil else { continue }
            if poller.isReadable(1) { self.wake.drain() }
            while let frames = Self.receiveRequest(socket, into: message) {
                guard frames.count >= 2, let request = ZapRequest(frames: Array(frames.dropFirst())) else {
                    self.malformed.add(1, ordering: .relaxed)
                    continue
                }
                let key = request.mechanism == "CURVE" && request.credentials.count == 1 ? request.credentials[0] : nil
                let reply: [[UInt8]]
                if let key, let name = allowed[request.domain]?[key] {
                    self.admitted.add(1, ordering: .relaxed)
                    reply = request.reply(status: 200, text: "OK", userID: name)
                } else {
                    self.refused.add(1, ordering: .relaxed)
                    reply = request.reply(status: 400, text: "key not authorized for \(request.domain)", userID: "")
                    let now = MonotonicClock.now()
                    if now &- lastRefusalLog >= 1_000_000_000 {
                        lastRefusalLog = now
                        logger.warning(
                            "refused an unauthorized peer",
                            metadata: [
                                "domain": "\(request.domain.debugDescription)",
                                "address": "\(request.address.debugDescription)",
                                "mechanism": "\(request.mechanism.debugDescription)",
                                "key": "\(key.flatMap { CurveKey(bytes: $0)?.z85 } ?? "none")",
                                "refused_total": "\(self.refused.load(ordering: .relaxed))",
                            ]
                        )
                    }
                }
                try? socket.send(parts: [frames[0]] + reply)
            }
        }
        socket.close()
    }

    /// One whole multi-part message (envelope first), at most 16 parts of 512 bytes kept; `nil` when none waits.
    private static func receiveRequest(_ socket: ZMQSocket, into message: ZMQMessage) -> [[UInt8]]? {
        guard (try? socket.receive(into: message)) == true else { return nil }
        var frames: [[UInt8]] = []
        while true {
            if frames.count < 16 { frames.append(Array(message.bytes.prefix(512))) }
            guard message.hasMoreParts, (try? socket.receive(into: message)) == true else { return frames }
        }
    }
}
