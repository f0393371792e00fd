/// Everything the streaming part of camstreamer needs from its configuration file.
///
/// Every key is optional in a config file (ServiceRuntime lays the file over `init()`). Example (YAML):
/// ```yaml
/// streaming:
///   host: 0.0.0.0
///   basePort: 1181
///   maxClientsPerStream: 4
///   streams: [{ name: DriveCam }, { name: ClawCam, port: 1185 }]
///   budget: { bitsPerSecond: 4000000, maxQuality: 80 }
///   overlay: { centredToleranceDegrees: 3 }
/// ```
public struct StreamingConfiguration: Codable, Hashable, Sendable {
    /// One camera's stream.
    public struct Stream: Codable, Hashable, Sendable {
        /// The camera's name (also the CameraPublisher name).
        public var name: String
        /// Its port; `nil` takes ``StreamingConfiguration/basePort`` plus the stream's index.
        public var port: Int?
        /// Creates a stream entry.
        public init(name: String, port: Int? = nil) {
            self.name = name
            self.port = port
        }
    }

    /// Address all servers listen on. Default `0.0.0.0`.
    public var host: String
    /// Port of the first stream; the others follow. Default 1181 (cscore; FRC allows 1180-1190).
    public var basePort: Int
    /// Client cap per stream. Default 4.
    public var maxClientsPerStream: Int
    /// The streams. Default `DriveCam` and `ClawCam` (the 2019 seed's two cameras).
    public var streams: [Stream]
    /// The shared bandwidth budget.
    public var budget: BandwidthBudgetConfiguration
    /// How the driver overlay is drawn (used by the camera threads with ``OverlayRenderer``).
    public var overlay: OverlayConfiguration
    /// Request limits and timeouts applied to every server (its host, port and client cap are overridden by the
    /// fields above).
    public var server: MJPEGServerConfiguration

    /// Creates a configuration; every parameter has the default described on its property.
    public init(
        host: String = "0.0.0.0",
        basePort: Int = 1181,
        maxClientsPerStream: Int = 4,
        streams: [Stream] = [Stream(name: "DriveCam"), Stream(name: "ClawCam")],
        budget: BandwidthBudgetConfiguration = .init(),
        overlay: OverlayConfiguration = .init(),
        server: MJPEGServerConfiguration = .init()
    ) {
        self.host = host
        self.basePort = basePort
        self.maxClientsPerStream = maxClientsPerStream
        self.streams = streams
        self.budget = budget
        self.overlay = overlay
        self.server = server
    }

    /// The server configuration of each stream, in order: ports ``basePort``, ``basePort`` + 1, … unless set.
    public func serverConfigurations() -> [MJPEGServerConfiguration] {
        self.streams.enumerated().map { index, stream in
            var configuration = self.server
            configuration.host = self.host
            configuration.port = stream.port ?? (self.basePort == 0 ? 0 : self.basePort + index)
            configuration.maxClients = self.maxClientsPerStream
            return configuration
        }
    }

    /// Checks names, ports, budget and server limits.
    /// - Throws: ``StreamingError/invalidConfiguration(_:)`` naming the first problem.
    public func validate() throws(StreamingError) {
        guard !self.streams.isEmpty else { throw .invalidConfiguration("no streams configured") }
        guard Set(self.streams.map(\.name)).count == self.streams.count else {
            throw .invalidConfiguration("stream names must be unique")
        }
        let ports = self.serverConfigurations().map(\.port).filter { $0 != 0 }
        guard Set(ports).count == ports.count else { throw .invalidConfiguration("stream ports must be unique") }
        try self.budget.validate()
        for configuration in self.serverConfigurations() { try configuration.validate() }
    }
}
