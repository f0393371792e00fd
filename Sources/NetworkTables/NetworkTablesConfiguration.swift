/// Everything NetworkTables in one `Codable` block for a service's config file; every key is optional.
///
/// ```yaml
/// networktables:
///   server:
///     enabled: true
///     serverHost: 10.15.18.2
///     port: 5810
///     clientName: targeting-front
///   targetingTable:
///     rootTable: /vision
///   cameraPublisher:
///     streamHosts: [10.15.18.11]
///   photonvision:
///     enabled: true
/// ```
public struct NetworkTablesConfiguration: Sendable, Hashable, Codable {
    /// The NT4 connection (`server.enabled: false` turns NetworkTables off entirely).
    public var server: NT4ClientConfiguration
    /// Targeting results (used by the targeting service).
    public var targetingTable: TargetingTableConfiguration
    /// Stream advertisement (used by the camera streamer).
    public var cameraPublisher: CameraPublisherConfiguration
    /// PhotonVision-compatible tables for PhotonLib (used by the targeting service).
    public var photonvision: PhotonVisionConfiguration

    /// Creates a configuration with defaults.
    public init(
        server: NT4ClientConfiguration = .init(),
        targetingTable: TargetingTableConfiguration = .init(),
        cameraPublisher: CameraPublisherConfiguration = .init(),
        photonvision: PhotonVisionConfiguration = .init()
    ) {
        self.server = server
        self.targetingTable = targetingTable
        self.cameraPublisher = cameraPublisher
        self.photonvision = photonvision
    }

}
