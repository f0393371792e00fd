/// Where and how the NT4 client connects. `Codable`: every key is optional in a config file and defaults to
/// the value shown.
///
/// ```yaml
/// networktables:
///   enabled: true
///   serverHost: 10.15.18.2      # the roboRIO: 10.TE.AM.2 or roborio-TEAM-frc.local
///   port: 5810
///   clientName: vision-front
/// ```
public struct NT4ClientConfiguration: Sendable, Hashable, Codable {
    /// Whether to connect at all. When false, ``NT4Client/run()`` waits for shutdown and publishes nothing.
    public var enabled: Bool
    /// The NT4 server (the robot): `10.TE.AM.2`, `roborio-TEAM-frc.local`, or `127.0.0.1` in simulation.
    public var serverHost: String
    /// The NT4 WebSocket port (5810; 5811 is TLS, which this client does not speak).
    public var port: Int
    /// The client name in the URL `ws://host:port/nt/<clientName>`, shown in the server's `$clients`.
    public var clientName: String
    /// Seconds between time sync messages; they double as the keepalive.
    public var timeSyncIntervalSeconds: Double
    /// Seconds without any frame from the server before the connection is declared dead and reopened.
    public var serverTimeoutSeconds: Double
    /// Seconds to wait for TCP connect plus WebSocket upgrade.
    public var connectTimeoutSeconds: Double
    /// First delay before reconnecting, seconds; doubled after each failure up to ``reconnectMaxDelaySeconds``.
    public var reconnectMinDelaySeconds: Double
    /// Longest delay between reconnect attempts, seconds.
    public var reconnectMaxDelaySeconds: Double
    /// Largest WebSocket message accepted from the server, bytes (1 MiB); a larger one closes the connection.
    public var maxFrameBytes: Int
    /// Most topics the server may announce on one connection (10,000); further announcements are ignored.
    public var maxTopics: Int
    /// Most received frames waiting to be handled (1,024); a server that outpaces the client by more is
    /// disconnected as flooding.
    public var maxQueuedFrames: Int

    /// Creates a configuration; defaults suit a coprocessor on the robot network.
    public init(
        enabled: Bool = true,
        serverHost: String = "127.0.0.1",
        port: Int = 5810,
        clientName: String = "vision",
        timeSyncIntervalSeconds: Double = 1,
        serverTimeoutSeconds: Double = 3,
        connectTimeoutSeconds: Double = 2,
        reconnectMinDelaySeconds: Double = 0.25,
        reconnectMaxDelaySeconds: Double = 4,
        maxFrameBytes: Int = 1 << 20,
        maxTopics: Int = 10_000,
        maxQueuedFrames: Int = 1_024
    ) {
        self.enabled = enabled
        self.serverHost = serverHost
        self.port = port
        self.clientName = clientName
        self.timeSyncIntervalSeconds = timeSyncIntervalSeconds
        self.serverTimeoutSeconds = serverTimeoutSeconds
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.reconnectMinDelaySeconds = reconnectMinDelaySeconds
        self.reconnectMaxDelaySeconds = reconnectMaxDelaySeconds
        self.maxFrameBytes = maxFrameBytes
        self.maxTopics = maxTopics
        self.maxQueuedFrames = maxQueuedFrames
    }

    /// The roboRIO's static address on the field network for a team: `10.TE.AM.2` (team 1518: `10.15.18.2`).
    public static func roboRIOAddress(team: Int) -> String {
        "10.\(team / 100).\(team % 100).2"
    }

    /// Checks the values.
    ///
    /// - Throws: ``NetworkTablesError`` with code `.invalidConfiguration` naming the key to fix.
    public func validate() throws(NetworkTablesError) {
        func fail(_ text: String) -> NetworkTablesError { NetworkTablesError.invalidConfiguration(text) }
        guard !self.serverHost.isEmpty else { throw fail("serverHost is empty: set it to the robot, e.g. 10.TE.AM.2") }
        guard (1...65535).contains(self.port) else { throw fail("port \(self.port) is not 1-65535 (NT4 uses 5810)") }
        guard !self.clientName.isEmpty, !self.clientName.contains("/") else {
            throw fail("clientName '\(self.clientName)' must be non-empty and contain no '/'")
        }
        guard self.timeSyncIntervalSeconds > 0, self.serverTimeoutSeconds > self.timeSyncIntervalSeconds else {
            throw fail("serverTimeoutSeconds must exceed timeSyncIntervalSeconds (> 0); defaults are 3 and 1")
        }
        guard self.connectTimeoutSeconds > 0 else { throw fail("connectTimeoutSeconds must be > 0") }
        guard self.reconnectMinDelaySeconds > 0, self.reconnectMaxDelaySeconds >= self.reconnectMinDelaySeconds else {
            throw fail("reconnect delays must satisfy 0 < reconnectMinDelaySeconds <= reconnectMaxDelaySeconds")
        }
        // Durations become nanoseconds in 64 bits: a day is the longest that makes sense (and never overflows).
        let durations = [
            self.timeSyncIntervalSeconds, self.serverTimeoutSeconds, self.connectTimeoutSeconds,
            self.reconnectMinDelaySeconds, self.reconnectMaxDelaySeconds,
        ]
        guard durations.allSatisfy({ $0.isFinite && $0 <= 86_400 }) else {
            throw fail("timeouts and delays must be finite and at most 86400 seconds")
        }
        guard (4096...(64 << 20)).contains(self.maxFrameBytes) else {
            throw fail("maxFrameBytes \(self.maxFrameBytes) is not 4096...67108864 (default 1048576)")
        }
        guard (1...1_000_000).contains(self.maxTopics) else {
            throw fail("maxTopics \(self.maxTopics) is not 1...1000000 (default 10000)")
        }
        guard (16...1_000_000).contains(self.maxQueuedFrames) else {
            throw fail("maxQueuedFrames \(self.maxQueuedFrames) is not 16...1000000 (default 1024)")
        }
    }
}
