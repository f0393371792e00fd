/// How the driver overlay looks and when targeting data counts as stale.
///
/// Every key is optional in a config file (ServiceRuntime lays the file over `init()`): missing keys take the
/// defaults shown.
public struct OverlayConfiguration: Codable, Hashable, Sendable {
    /// Whether overlays are drawn at all. Default `true`.
    public var enabled: Bool
    /// Results older than this many seconds are shown as "STALE" and give no steering cue. Default 0.5.
    public var staleAfterSeconds: Double
    /// The target counts as centred when its yaw is within this many degrees. Default 3.
    public var centredToleranceDegrees: Double
    /// Whether to draw the crosshair at the image centre. Default `true`.
    public var showCrosshair: Bool

    /// Creates a configuration; every parameter has the default described on its property.
    public init(
        enabled: Bool = true, staleAfterSeconds: Double = 0.5, centredToleranceDegrees: Double = 3,
        showCrosshair: Bool = true
    ) {
        self.enabled = enabled
        self.staleAfterSeconds = staleAfterSeconds
        self.centredToleranceDegrees = centredToleranceDegrees
        self.showCrosshair = showCrosshair
    }

}
