/// Where ``TargetingTablePublisher`` publishes. `Codable`; every key is optional in a config file.
///
/// ```yaml
/// targetingTable:
///   enabled: true
///   rootTable: /vision          # topics go to /vision/<camera name>/...
///   seedTable: /SmartDashboard  # optional: also the 2019 seed's distance/offset keys, for old robot code
/// ```
public struct TargetingTableConfiguration: Sendable, Hashable, Codable {
    /// Whether to publish targeting results at all.
    public var enabled: Bool
    /// The parent table; the camera's table is `<rootTable>/<camera name>`.
    public var rootTable: String
    /// If set (e.g. `/SmartDashboard`), `distance` and `offset` are also published there, where the 2019
    /// Python seed put them, so unchanged robot code keeps working.
    public var seedTable: String?

    /// Creates a configuration.
    public init(enabled: Bool = true, rootTable: String = "/vision", seedTable: String? = nil) {
        self.enabled = enabled
        self.rootTable = rootTable
        self.seedTable = seedTable
    }

    /// The camera's table path: `<rootTable>/<cameraName>` with exactly one `/` between parts and a leading `/`.
    public func tablePath(cameraName: String) -> String {
        NTPath.join(self.rootTable, cameraName)
    }
}
