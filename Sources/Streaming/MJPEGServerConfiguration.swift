/// Settings of one MJPEG HTTP server (one camera, one port).
///
/// Every key is optional in a config file (ServiceRuntime lays the file over `init()`): missing keys take the
/// defaults shown.
public struct MJPEGServerConfiguration: Codable, Hashable, Sendable {
    /// Address to listen on. Default `0.0.0.0` (the dashboard connects over the robot network); tests use
    /// `127.0.0.1`.
    public var host: String
    /// TCP port; 0 picks a free one (tests). Default 1181, cscore's first port.
    public var port: Int
    /// The most clients at once (streams and snapshots); more get 503. Default 4.
    public var maxClients: Int
    /// The most HTTP connections at once over all of a service's streams, whatever they are doing. At the cap, the
    /// oldest connection that has not sent a request yet is closed for a new one; one slot is kept for the first
    /// (driver) camera. Default 64.
    public var maxConnections: Int
    /// The most HTTP connections at once from one IP address; more are closed at once. Default 8.
    public var maxConnectionsPerAddress: Int
    /// Longest request target accepted (414 past it). Default 2048.
    public var maxURIBytes: Int
    /// Longest single header line, and all header lines together (431 past it). Default 8192 and 16384.
    public var maxHeaderFieldBytes: Int
    /// See ``maxHeaderFieldBytes``.
    public var maxHeaderBytes: Int
    /// Most header fields in a request (431 past it). Default 64.
    public var maxHeaderCount: Int
    /// Largest request body accepted and discarded (413 past it). Default 1024.
    public var maxBodyBytes: Int
    /// Seconds a connection may take to send its request (408 after; counted as an idle timeout). Default 5.
    public var requestTimeoutSeconds: Double
    /// Seconds a stream client may stay behind the newest frame (its socket does not drain) before it is
    /// disconnected as stalled. Default 2.
    public var stalledClientTimeoutSeconds: Double
    /// Seconds a snapshot request waits for a frame (503 after). Default 3.
    public var snapshotTimeoutSeconds: Double
    /// `SO_SNDBUF` for client sockets, bytes; `nil` keeps the kernel's auto-tuning. Default 131072: a slow client
    /// never has more than about that much queued in the kernel, which bounds its delay.
    public var socketSendBufferBytes: Int?

    /// Creates a configuration; every parameter has the default described on its property.
    public init(
        host: String = "0.0.0.0",
        port: Int = 1181,
        maxClients: Int = 4,
        maxConnections: Int = 64,
        maxConnectionsPerAddress: Int = 8,
        maxURIBytes: Int = 2048,
        maxHeaderFieldBytes: Int = 8192,
        maxHeaderBytes: Int = 16384,
        maxHeaderCount: Int = 64,
        maxBodyBytes: Int = 1024,
        requestTimeoutSeconds: Double = 5,
        stalledClientTimeoutSeconds: Double = 2,
        snapshotTimeoutSeconds: Double = 3,
        socketSendBufferBytes: Int? = 131_072
    ) {
        self.host = host
        self.port = port
        self.maxClients = maxClients
        self.maxConnections = maxConnections
        self.maxConnectionsPerAddress = maxConnectionsPerAddress
        self.maxURIBytes = maxURIBytes
        self.maxHeaderFieldBytes = maxHeaderFieldBytes
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxBodyBytes = maxBodyBytes
        self.requestTimeoutSeconds = requestTimeoutSeconds
        self.stalledClientTimeoutSeconds = stalledClientTimeoutSeconds
        self.snapshotTimeoutSeconds = snapshotTimeoutSeconds
        self.socketSendBufferBytes = socketSendBufferBytes
    }

    /// Checks that every value is in range.
    /// - Throws: ``StreamingError/invalidConfiguration(_:)`` naming the first bad value.
    public func validate() throws(StreamingError) {
        guard (0...65535).contains(self.port) else { throw .invalidConfiguration("port \(self.port) not in 0...65535") }
        guard self.maxClients >= 1 else { throw .invalidConfiguration("maxClients must be at least 1") }
        guard (2...65_536).contains(self.maxConnections), (1...self.maxConnections).contains(self.maxConnectionsPerAddress)
        else {
            throw .invalidConfiguration(
                "connection caps must satisfy 1 <= maxConnectionsPerAddress <= maxConnections, 2 <= maxConnections <= 65536")
        }
        guard self.maxURIBytes >= 16, self.maxHeaderFieldBytes >= self.maxURIBytes,
            self.maxHeaderBytes >= self.maxHeaderFieldBytes, self.maxHeaderCount >= 1, self.maxBodyBytes >= 0
        else {
            throw .invalidConfiguration(
                "request limits must satisfy 16 <= maxURIBytes <= maxHeaderFieldBytes <= maxHeaderBytes")
        }
        let timeouts = [self.requestTimeoutSeconds, self.stalledClientTimeoutSeconds, self.snapshotTimeoutSeconds]
        guard timeouts.allSatisfy({ $0 > 0 && $0 <= 86_400 }) else {
            throw .invalidConfiguration("timeouts must be positive and at most 86400 seconds")
        }
        if let buffer = self.socketSendBufferBytes, buffer < 4096 {
            throw .invalidConfiguration("socketSendBufferBytes must be at least 4096")
        }
    }
}
