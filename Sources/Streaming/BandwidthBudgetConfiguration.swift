/// Settings of the bandwidth budget shared by all streams.
///
/// Every key is optional in a config file (ServiceRuntime lays the file over `init()`): missing keys take the
/// defaults shown.
public struct BandwidthBudgetConfiguration: Codable, Hashable, Sendable {
    /// Whether the budget adapts the streams at all. Default `true`.
    public var enabled: Bool
    /// The cap for all streams together, bits per second. Default 4 000 000 (FRC field limit, OpenMesh radio).
    public var bitsPerSecond: Double
    /// Fraction of the cap the controller aims at, counted as HTTP payload (TCP/IP headers add about 4 % on the
    /// radio, so 0.95 of payload is about 0.99 of the cap on the radio). Default 0.95.
    public var targetFraction: Double
    /// Settings in force are kept until their predicted rate exceeds this fraction of the cap (a dead band above
    /// ``targetFraction``, so measurement noise does not move the settings every second). Default 0.98.
    public var downgradeFraction: Double
    /// A richer setting is only taken when its predicted rate is below this fraction of the cap (hysteresis).
    /// Default 0.91.
    public var upgradeFraction: Double
    /// Highest JPEG quality used. Default 80 (cscore's default compression).
    public var maxQuality: Int
    /// Lowest JPEG quality before the frame rate is lowered. Default 30.
    public var minQuality: Int
    /// Step between qualities tried. Default 2 (about 2-3 % of a frame's size per step).
    public var qualityStep: Int
    /// The most frames per second streamed (cameras faster than this are thinned). Default 30.
    public var maxFramesPerSecond: Double
    /// The frame rate below which the scale is lowered instead. Default 5.
    public var minFramesPerSecond: Double
    /// Image scales tried, largest first. Default 1, 0.75, 0.5, 0.25.
    public var scaleSteps: [Double]
    /// Seconds between adjustments. Default 1.
    public var adjustIntervalSeconds: Double

    /// Creates a configuration; every parameter has the default described on its property.
    public init(
        enabled: Bool = true,
        bitsPerSecond: Double = 4_000_000,
        targetFraction: Double = 0.95,
        downgradeFraction: Double = 0.98,
        upgradeFraction: Double = 0.91,
        maxQuality: Int = 80,
        minQuality: Int = 30,
        qualityStep: Int = 2,
        maxFramesPerSecond: Double = 30,
        minFramesPerSecond: Double = 5,
        scaleSteps: [Double] = [1, 0.75, 0.5, 0.25],
        adjustIntervalSeconds: Double = 1
    ) {
        self.enabled = enabled
        self.bitsPerSecond = bitsPerSecond
        self.targetFraction = targetFraction
        self.downgradeFraction = downgradeFraction
        self.upgradeFraction = upgradeFraction
        self.maxQuality = maxQuality
        self.minQuality = minQuality
        self.qualityStep = qualityStep
        self.maxFramesPerSecond = maxFramesPerSecond
        self.minFramesPerSecond = minFramesPerSecond
        self.scaleSteps = scaleSteps
        self.adjustIntervalSeconds = adjustIntervalSeconds
    }

    /// Checks that every value is in range.
    /// - Throws: ``StreamingError/invalidConfiguration(_:)`` naming the first bad value.
    public func validate() throws(StreamingError) {
        guard self.bitsPerSecond > 0 else { throw .invalidConfiguration("bitsPerSecond must be positive") }
        guard self.upgradeFraction > 0, self.upgradeFraction <= self.targetFraction,
            self.targetFraction <= self.downgradeFraction, self.downgradeFraction <= 1
        else { throw .invalidConfiguration("need 0 < upgradeFraction <= targetFraction <= downgradeFraction <= 1") }
        guard (1...100).contains(self.minQuality), (self.minQuality...100).contains(self.maxQuality),
            self.qualityStep >= 1
        else { throw .invalidConfiguration("need 1 <= minQuality <= maxQuality <= 100 and qualityStep >= 1") }
        guard self.minFramesPerSecond > 0, self.maxFramesPerSecond >= self.minFramesPerSecond else {
            throw .invalidConfiguration("need 0 < minFramesPerSecond <= maxFramesPerSecond")
        }
        guard !self.scaleSteps.isEmpty, self.scaleSteps.allSatisfy({ $0 > 0 && $0 <= 1 }),
            zip(self.scaleSteps, self.scaleSteps.dropFirst()).allSatisfy({ $0 > $1 })
        else { throw .invalidConfiguration("scaleSteps must be in (0, 1] and strictly decreasing") }
        guard self.adjustIntervalSeconds > 0, self.adjustIntervalSeconds <= 86_400 else {
            throw .invalidConfiguration("adjustIntervalSeconds must be positive and at most 86400")
        }
    }

    /// The most preferred settings: top quality, top frame rate, full size.
    public var richestSettings: StreamSettings {
        StreamSettings(
            quality: self.maxQuality, framesPerSecond: self.maxFramesPerSecond, scale: self.scaleSteps.first ?? 1)
    }
}
