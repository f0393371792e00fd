/// How the driver overlay looks. When data counts as stale is decided by ``LatestTargeting`` (camstreamer's
/// `results.stale_after_seconds`).
///
/// Every key is optional in a config file (ServiceRuntime lays the file over `init()`): missing keys take the
/// defaults shown.
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
}
