/// The PhotonVision-compatible tables (``PhotonCameraPublisher``). `Codable`; every key is optional in a config file.
///
/// ```yaml
/// photonvision:
///   enabled: true         # publish /photonvision/<camera name>/... for PhotonLib (only when NetworkTables is enabled)
///   time_sync_port: 5810  # PhotonVision's UDP time sync server on the NT server's host (PhotonLib's PhotonCamera)
/// ```
public struct PhotonVisionConfiguration: Sendable, Hashable, Codable {
    /// Whether to publish PhotonVision's tables whenever NetworkTables is enabled.
    public var enabled: Bool
    /// The UDP port of PhotonVision's time sync server on the robot (``TimeSyncClient``); 0 turns time sync off.
    public var timeSyncPort: Int

    /// Creates a configuration.
    public init(enabled: Bool = true, timeSyncPort: Int = 5810) {
        self.enabled = enabled
        self.timeSyncPort = timeSyncPort
    }

    /// Checks the port.
    /// - Throws: ``NetworkTablesError/invalidConfiguration(_:)`` naming the key.
    public func validate() throws(NetworkTablesError) {
        guard (0...65_535).contains(self.timeSyncPort) else {
            throw .invalidConfiguration("networktables.photonvision.time_sync_port must be 0...65535 (0: off)")
        }
    }
}
