/// Settings of the AprilTag detector (AprilRobotics library). Every key is optional in a
/// config file (ServiceRuntime's `ConfigDocument` lays it over `init()`).
public struct AprilTagConfiguration: Hashable, Sendable, Codable {
    /// Tag families this project supports.
    public enum Family: String, Hashable, Sendable, Codable, CaseIterable {
        case tag36h11 = "36h11"
        case tag16h5 = "16h5"
    }

    public var family: Family
    /// Edge length of the tag's black square, metres (0: no pose). FRC 2024+ 36h11 tags: 0.1651.
    public var tagSizeMeters: Double
    /// Quad detection runs on an image decimated by this factor (1 = full resolution).
    public var quadDecimate: Float
    /// Gaussian blur sigma before quad detection (0: none).
    public var quadSigma: Float
    /// Detector worker threads.
    public var threads: Int
    /// Snap quad edges to strong gradients (recommended).
    public var refineEdges: Bool
    /// Sharpening of decoded images (0.25 is the library default).
    public var decodeSharpening: Double
    /// Bits the decoder may correct (0...3; 16h5 is prone to false positives above 0).
    public var maxBitsCorrected: Int
    /// Detections with more corrected bits are dropped.
    public var maxHamming: Int
    /// Detections with a smaller decision margin are dropped.
    public var minDecisionMargin: Double

    public init(
        family: Family = .tag36h11,
        tagSizeMeters: Double = 0.1651,
        quadDecimate: Float = 2,
        quadSigma: Float = 0,
        threads: Int = 1,
        refineEdges: Bool = true,
        decodeSharpening: Double = 0.25,
        maxBitsCorrected: Int = 2,
        maxHamming: Int = 2,
        minDecisionMargin: Double = 0
    ) {
        self.family = family
        self.tagSizeMeters = tagSizeMeters
        self.quadDecimate = quadDecimate
        self.quadSigma = quadSigma
        self.threads = threads
        self.refineEdges = refineEdges
        self.decodeSharpening = decodeSharpening
        self.maxBitsCorrected = maxBitsCorrected
        self.maxHamming = maxHamming
        self.minDecisionMargin = minDecisionMargin
    }

}
