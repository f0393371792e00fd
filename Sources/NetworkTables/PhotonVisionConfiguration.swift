/// The PhotonVision-compatible tables (``PhotonCameraPublisher``). `Codable`; every key is optional in a config file.
///
/// ```yaml
/// photonvision:
///   enabled: true   # publish /photonvision/<camera name>/... for PhotonLib (only when NetworkTables is enabled)
/// ```
public struct PhotonVisionConfiguration: Sendable, Hashable, Codable {
    /// Whether to publish PhotonVision's tables whenever NetworkTables is enabled.
    public var enabled: Bool

    /// Creates a configuration.
    public init(enabled: Bool = true) {
        self.enabled = enabled
    }
}
