import CZeroMQ

/// One libzmq socket, owned by one thread at a time.
///
/// libzmq sockets are not thread-safe, so this class is deliberately not `Sendable`: the compiler keeps it in the
/// isolation domain (the dedicated thread) that created it. Closing happens in `deinit` (or ``close()``).
public final class ZMQSocket {
    /// The socket patterns the bus uses.
    public enum Kind: Sendable {
        case push, pull, pair
        /// The results tap: a mirror publishes, observers subscribe (see ``MessageMirror``).
        case pub, sub
        /// The ZAP handler's socket (RFC 27), and test peers that speak to it.
        case router, dealer

        var rawValue: Int32 {
            switch self {
            case .push: ZMQ_PUSH
            case .pull: ZMQ_PULL
            case .pair: ZMQ_PAIR
            case .pub: ZMQ_PUB
            case .sub: ZMQ_SUB
            case .router: ZMQ_ROUTER
            case .dealer: ZMQ_DEALER
            }
        }
    }

    private var handle: UnsafeMutableRawPointer?
    private var isMonitored = false
    public let kind: Kind

    /// Creates a socket in `context`. Linger defaults to 0 so closing never waits for an absent peer.
    public init(_ kind: Kind, context: ZMQContext = .shared) throws(ZMQError) {
        guard let handle = zmq_socket(context.handle, kind.rawValue) else {
            throw ZMQError(operation: "zmq_socket")
        }
        self.handle = handle
        self.kind = kind
        try self.setLinger(milliseconds: 0)
    }

    deinit {
        self.close()
    }

    /// Closes the socket now; later calls fail with `ENOTSOCK`.
    ///
    /// A monitored socket stops its monitor first, here and synchronously: otherwise libzmq reports the close to the
    /// monitor from its own thread, and if the monitor's reader is already closed that report blocks libzmq's thread
    /// and the socket's listening port is never released (seen with libzmq 4.3.4).
    public func close() {
        if let handle = self.handle {
            if self.isMonitored { zmq_socket_monitor(handle, nil, 0) }
            zmq_close(handle)
            self.handle = nil
        }
    }

    var rawHandle: UnsafeMutableRawPointer? { self.handle }

    private func requireHandle(_ operation: String) throws(ZMQError) -> UnsafeMutableRawPointer {
        guard let handle = self.handle else { throw ZMQError(operation: operation, code: ENOTSOCK) }
        return handle
    }

    // MARK: - Options

    /// Sets an integer option (`ZMQ_*`).
    public func setOption(_ option: Int32, _ value: Int32) throws(ZMQError) {
        var value = value
        let handle = try self.requireHandle("zmq_setsockopt")
        guard zmq_setsockopt(handle, option, &value, MemoryLayout<Int32>.size) == 0 else {
            throw ZMQError(operation: "zmq_setsockopt(\(option))")
        }
    }

    /// Sets a 64-bit integer option such as `ZMQ_MAXMSGSIZE`.
    public func setOption(_ option: Int32, int64 value: Int64) throws(ZMQError) {
        var value = value
        let handle = try self.requireHandle("zmq_setsockopt")
        guard zmq_setsockopt(handle, option, &value, MemoryLayout<Int64>.size) == 0 else {
            throw ZMQError(operation: "zmq_setsockopt(\(option))")
        }
    }

    /// Milliseconds to keep unsent messages after close; the bus uses 0 everywhere (never hang on exit).
    public func setLinger(milliseconds: Int32) throws(ZMQError) { try self.setOption(ZMQ_LINGER, Int32(milliseconds)) }

    /// Approximate per-connection limit of queued outgoing messages.
    public func setSendHighWaterMark(_ messages: Int32) throws(ZMQError) { try self.setOption(ZMQ_SNDHWM, messages) }

    /// Approximate per-connection limit of queued incoming messages.
    public func setReceiveHighWaterMark(_ messages: Int32) throws(ZMQError) {
        try self.setOption(ZMQ_RCVHWM, messages)
    }

    /// How long a waiting receive blocks before it returns empty (-1: forever, the default).
    public func setReceiveTimeout(milliseconds: Int32) throws(ZMQError) { try self.setOption(ZMQ_RCVTIMEO, milliseconds) }

    /// Queue outgoing messages only on completed connections.
    public func setImmediate(_ enabled: Bool) throws(ZMQError) { try self.setOption(ZMQ_IMMEDIATE, enabled ? 1 : 0) }

    /// ZMTP heartbeats: a peer that does not answer within `timeout` is disconnected.
    public func setHeartbeat(intervalMilliseconds: Int32, timeoutMilliseconds: Int32) throws(ZMQError) {
        try self.setOption(ZMQ_HEARTBEAT_IVL, intervalMilliseconds)
        try self.setOption(ZMQ_HEARTBEAT_TIMEOUT, timeoutMilliseconds)
        try self.setOption(ZMQ_HEARTBEAT_TTL, timeoutMilliseconds)
    }

    /// Peers sending a larger frame are disconnected.
    public func setMaxMessageSize(_ bytes: Int64) throws(ZMQError) { try self.setOption(ZMQ_MAXMSGSIZE, int64: bytes) }

    /// Delay between reconnection attempts of a connecting socket.
    public func setReconnectInterval(milliseconds: Int32) throws(ZMQError) {
        try self.setOption(ZMQ_RECONNECT_IVL, milliseconds)
    }

    /// A connection attempt that gets no answer within this time is abandoned and retried after the reconnect
    /// interval (the kernel would otherwise retransmit its SYN for minutes, ever more slowly).
    public func setConnectTimeout(milliseconds: Int32) throws(ZMQError) {
        try self.setOption(ZMQ_CONNECT_TIMEOUT, milliseconds)
    }

    /// `TCP_USER_TIMEOUT` (`ZMQ_TCP_MAXRT` on Linux): the kernel aborts a connection whose sent data stays
    /// unacknowledged this long, and discards that data, so a cut link never delivers it late.
    public func setUnacknowledgedTimeout(milliseconds: Int32) throws(ZMQError) {
        try self.setOption(ZMQ_TCP_MAXRT, milliseconds)
    }

    /// TCP keepalive probes: a connection silent for `idleSeconds` is probed every `intervalSeconds`, and closed when
    /// `count` probes go unanswered or the peer's kernel answers that the connection no longer exists.
    public func setKeepalive(idleSeconds: Int32, intervalSeconds: Int32, count: Int32) throws(ZMQError) {
        try self.setOption(ZMQ_TCP_KEEPALIVE, 1)
        try self.setOption(ZMQ_TCP_KEEPALIVE_IDLE, idleSeconds)
        try self.setOption(ZMQ_TCP_KEEPALIVE_INTVL, intervalSeconds)
        try self.setOption(ZMQ_TCP_KEEPALIVE_CNT, count)
    }

    /// Connections that do not finish the ZMTP handshake within this time are dropped.
    public func setHandshakeInterval(milliseconds: Int32) throws(ZMQError) {
        try self.setOption(ZMQ_HANDSHAKE_IVL, milliseconds)
    }

    /// Sets a text option such as a Z85 CURVE key or the ZAP domain.
    public func setOption(_ option: Int32, text: String) throws(ZMQError) {
        let handle = try self.requireHandle("zmq_setsockopt")
        let result = text.utf8CString.withUnsafeBufferPointer { zmq_setsockopt(handle, option, $0.baseAddress, text.utf8.count) }
        guard result == 0 else { throw ZMQError(operation: "zmq_setsockopt(\(option))") }
    }

    /// Makes this socket a CURVE server (RFC 26) with its own secret key (40 characters of Z85). Clients must know
    /// the matching public key; which clients are admitted is the ZAP handler's decision (``setZapDomain(_:)``).
    public func setCurveServer(secretKey: String) throws(ZMQError) {
        try self.setOption(ZMQ_CURVE_SERVER, 1)
        try self.setOption(ZMQ_CURVE_SECRETKEY, text: secretKey)
    }

    /// Makes this socket a CURVE client with its own key pair, connecting to a server whose public key is
    /// `serverKey` (all 40 characters of Z85).
    public func setCurveClient(publicKey: String, secretKey: String, serverKey: String) throws(ZMQError) {
        try self.setOption(ZMQ_CURVE_SERVERKEY, text: serverKey)
        try self.setOption(ZMQ_CURVE_PUBLICKEY, text: publicKey)
        try self.setOption(ZMQ_CURVE_SECRETKEY, text: secretKey)
    }

    /// The ZAP domain of a server socket: its connections are authenticated by the ZAP handler for this domain.
    public func setZapDomain(_ domain: String) throws(ZMQError) { try self.setOption(ZMQ_ZAP_DOMAIN, text: domain) }

    // MARK: - Endpoints

    /// Binds to `endpoint`, e.g. `tcp://*:5801` or `tcp://127.0.0.1:*` (any free port, see ``lastEndpoint``).
    public func bind(_ endpoint: String) throws(ZMQError) {
        let handle = try self.requireHandle("zmq_bind")
        guard zmq_bind(handle, endpoint) == 0 else { throw ZMQError(operation: "zmq_bind(\(endpoint))") }
    }

    /// Connects to `endpoint`; libzmq (re)connects in the background.
    public func connect(_ endpoint: String) throws(ZMQError) {
        let handle = try self.requireHandle("zmq_connect")
        guard zmq_connect(handle, endpoint) == 0 else { throw ZMQError(operation: "zmq_connect(\(endpoint))") }
    }

    /// The endpoint the socket last bound, with the real port when bound to `*`.
    public var lastEndpoint: String {
        guard let handle = self.handle else { return "" }
        var buffer = [CChar](repeating: 0, count: 256)
        var size = buffer.count
        guard zmq_getsockopt(handle, ZMQ_LAST_ENDPOINT, &buffer, &size) == 0 else { return "" }
        return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Starts publishing connection events on `inproc://` `address` (see `zmq_socket_monitor`).
    func monitor(_ address: String, events: Int32) throws(ZMQError) {
        let handle = try self.requireHandle("zmq_socket_monitor")
        guard zmq_socket_monitor(handle, address, events) == 0 else {
            throw ZMQError(operation: "zmq_socket_monitor(\(address))")
        }
        self.isMonitored = true
    }

    // MARK: - Messages

    /// Sends one frame.
    /// - Parameter wait: when `false` (the default) the call never blocks.
    /// - Returns: `false` when the frame could not be queued without blocking (no peer, or its queue is full).
    @discardableResult
    public func send(_ frame: UnsafeRawBufferPointer, wait: Bool = false) throws(ZMQError) -> Bool {
        let handle = try self.requireHandle("zmq_send")
        while true {
            if zmq_send(handle, frame.baseAddress, frame.count, wait ? 0 : ZMQ_DONTWAIT) >= 0 { return true }
            let code = zmq_errno()
            if code == EAGAIN { return false }
            if code != EINTR { throw ZMQError(operation: "zmq_send", code: code) }
        }
    }

    /// Sends a multi-part message, waiting until it is queued (for inproc peers such as the ZAP handler's).
    public func send(parts: [[UInt8]]) throws(ZMQError) {
        for (index, part) in parts.enumerated() {
            let handle = try self.requireHandle("zmq_send")
            let flags = index < parts.count - 1 ? ZMQ_SNDMORE : 0
            while part.withUnsafeBytes({ zmq_send(handle, $0.baseAddress, $0.count, flags) }) < 0 {
                let code = zmq_errno()
                if code != EINTR { throw ZMQError(operation: "zmq_send", code: code) }
            }
        }
    }

    /// Sends one frame held in an array.
    @discardableResult
    public func send(_ frame: [UInt8], wait: Bool = false) throws(ZMQError) -> Bool {
        let result = frame.withUnsafeBytes { bytes in Result { () throws(ZMQError) in try self.send(bytes, wait: wait) } }
        return try result.get()
    }

    /// Receives one frame into `buffer`.
    /// - Parameter wait: `false` (the default) returns at once; `true` waits up to the socket's `ZMQ_RCVTIMEO`.
    /// - Returns: the frame's full length (which may exceed `buffer.count`: the frame was cut), or `nil` when
    ///   nothing is waiting (or arrived in time).
    public func receive(into buffer: UnsafeMutableRawBufferPointer, wait: Bool = false) throws(ZMQError) -> Int? {
        let handle = try self.requireHandle("zmq_recv")
        while true {
            let length = zmq_recv(handle, buffer.baseAddress, buffer.count, wait ? 0 : ZMQ_DONTWAIT)
            if length >= 0 { return Int(length) }
            let code = zmq_errno()
            if code == EAGAIN { return nil }
            if code != EINTR { throw ZMQError(operation: "zmq_recv", code: code) }
        }
    }

    /// Receives one frame into `message`, replacing the frame it held.
    /// - Parameter wait: `false` (the default) returns at once; `true` waits up to the socket's `ZMQ_RCVTIMEO`.
    /// - Returns: whether a frame arrived (`false`: nothing waiting, or nothing in time).
    public func receive(into message: ZMQMessage, wait: Bool = false) throws(ZMQError) -> Bool {
        try self.receive(into: message.pointer, wait: wait) != nil
    }

    /// Receives one frame into the libzmq message `message` (initialized), replacing the frame it held.
    /// - Returns: the frame's length (`zmq_msg_recv`'s answer: no `zmq_msg_size` call needed), or `nil` when nothing
    ///   is waiting (or arrived in time).
    @inline(__always)
    func receive(into message: UnsafeMutablePointer<zmq_msg_t>, wait: Bool) throws(ZMQError) -> Int? {
        // Not `requireHandle`: its operation name would be built as a String on every call, not only on failure.
        guard let handle = self.handle else { throw ZMQError(operation: "zmq_msg_recv", code: ENOTSOCK) }
        while true {
            let length = zmq_msg_recv(message, handle, wait ? 0 : ZMQ_DONTWAIT)
            if length >= 0 { return Int(length) }
            let code = zmq_errno()
            if code == EAGAIN { return nil }
            if code != EINTR { throw ZMQError(operation: "zmq_msg_recv", code: code) }
        }
    }

    /// Whether more parts of a multi-part message follow the frame just received.
    var hasMoreParts: Bool {
        guard let handle = self.handle else { return false }
        var more: Int32 = 0
        var size = MemoryLayout<Int32>.size
        return zmq_getsockopt(handle, ZMQ_RCVMORE, &more, &size) == 0 && more != 0
    }
}
