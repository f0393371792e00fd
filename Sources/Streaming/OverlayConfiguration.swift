/// How the driver overlay looks. When data counts as stale is decided by ``LatestTargeting`` (camstreamer's
/// `results.stale_after_seconds`).
///
/// Decodes with every key optional; missing keys take the defaults shown.
public struct OverlayConfiguration: Codable, Hashable, Sendable {
    /// Whether overlays are drawn at all. Default `true`.
    public var enabled: Bool
    /// The target counts as centred when its yaw is within this many degrees. Default 3.
    public var centredToleranceDegrees: Double
    /// Whether to draw the crosshair at the image centre. Default `true`.
    public var showCrosshair: Bool

    /// Creates a configuration; every parameter has the default described on its property.
    public init(enabled: Bool = true, centredToleranceDegrees: Double = 3, showCrosshair: Bool = true) {
        self.enabled = enabled
        self.centredToleranceDegrees = centredToleranceDegrees
        self.showCrosshair = showCrosshair
    }

    private enum CodingKeys: String, CodingKey {
        case enabled, centredToleranceDegrees, showCrosshair
        /// Moved to camstreamer's `results.stale_after_seconds`: one staleness rule for the overlay and the monitor.
        case staleAfterSeconds
    }

    public init(from decoder: any Decoder) throws {
        let defaults = Self()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if container.contains(.staleAfterSeconds) {
            throw DecodingError.dataCorruptedError(
                forKey: .staleAfterSeconds, in: container,
                debugDescription: "moved: set `results.stale_after_seconds` instead (one staleness rule for the overlay and the results monitor)"
            )
        }
        self.enabled = try container.decodeIfPresent(Bool.self, forKey: .enabled) ?? defaults.enabled
        self.centredToleranceDegrees =
            try container.decodeIfPresent(Double.self, forKey: .centredToleranceDegrees)
            ?? defaults.centredToleranceDegrees
        self.showCrosshair = try container.decodeIfPresent(Bool.self, forKey: .showCrosshair) ?? defaults.showCrosshair
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.enabled, forKey: .enabled)
        try container.encode(self.centredToleranceDegrees, forKey: .centredToleranceDegrees)
        try container.encode(self.showCrosshair, forKey: .showCrosshair)
    }
}
