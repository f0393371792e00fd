public import WireFormat

/// The newest targeting result as ``LatestTargeting`` judged it at one moment.
public struct TargetingSnapshot: Sendable {
    public var result: TargetingResult
    /// Seconds since the result's frame was captured, on this host's clock (arrival age plus reported latency).
    public var ageSeconds: Double
    /// Whether the result is too old to steer by.
    public var isStale: Bool

    public init(result: TargetingResult, ageSeconds: Double, isStale: Bool) {
        self.result = result
        self.ageSeconds = ageSeconds
        self.isStale = isStale
    }
}
