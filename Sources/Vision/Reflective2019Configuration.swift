/// Thresholds and filters of the 2019 reflective-tape pipeline. Every key is optional in a config file
/// (ServiceRuntime's `ConfigDocument` lays it over `init()`).
public struct Reflective2019Configuration: Hashable, Sendable, Codable {
    /// Inclusive HSV bounds (OpenCV ranges: hue 0...180, saturation and value 0...255); JSON `[low, high]`.
    public var hueRange: ClosedRange<Int>
    public var saturationRange: ClosedRange<Int>
    public var valueRange: ClosedRange<Int>
    /// Morphological open / close kernel sizes in pixels (0 skips the step).
    public var openKernel: Int
    public var closeKernel: Int
    /// Smallest tape area in pixels.
    public var minAreaPixels: Double
    /// Smallest upright bounding-box width / height of a tape.
    public var minAspect: Double
    /// Smallest contour area / convex-hull area of a tape.
    public var minSolidity: Double
    /// Nominal tape tilt from vertical and the accepted deviation, degrees.
    public var tapeAngleDegrees: Double
    public var angleToleranceDegrees: Double
    /// Largest ratio between the areas of the two tapes of a pair.
    public var maxAreaRatio: Double
    /// Apply the calibration's lens distortion when solving the pose.
    public var useDistortion: Bool
    /// Remove the margin that glare, blur and thresholding add around bright tapes, estimated from the tape's
    /// known 2 x 5.5 in aspect. Off by default: on the 2019 test images it shortens the bloomed Cargo readings but
    /// lengthens the others, and it misreads perspective foreshortening as growth.
    public var compensateGrowth: Bool
    /// Ignore tapes that touch the image border: a cut tape gives wrong corners and a wrong distance.
    public var rejectBorderTouching: Bool
    /// Polish the SQPnP pose with up to 10 Levenberg-Marquardt iterations on the distorted corners (a few tens of
    /// microseconds per found target; without it, distance errors at 3 m grow from about 1.9 % to 2.2 %).
    public var refinePose: Bool
    /// The seed's dead band for `direction`: offsets within this many pixels count as centred.
    public var centerTolerancePixels: Double

    public init(
        hueRange: ClosedRange<Int> = 55...100,
        saturationRange: ClosedRange<Int> = 80...255,
        valueRange: ClosedRange<Int> = 100...255,
        openKernel: Int = 0,
        closeKernel: Int = 0,
        minAreaPixels: Double = 15,
        minAspect: Double = 0.2,
        minSolidity: Double = 0.75,
        tapeAngleDegrees: Double = 14.5,
        angleToleranceDegrees: Double = 10,
        maxAreaRatio: Double = 3,
        useDistortion: Bool = true,
        compensateGrowth: Bool = false,
        rejectBorderTouching: Bool = true,
        refinePose: Bool = true,
        centerTolerancePixels: Double = 10
    ) {
        self.hueRange = hueRange
        self.saturationRange = saturationRange
        self.valueRange = valueRange
        self.openKernel = openKernel
        self.closeKernel = closeKernel
        self.minAreaPixels = minAreaPixels
        self.minAspect = minAspect
        self.minSolidity = minSolidity
        self.tapeAngleDegrees = tapeAngleDegrees
        self.angleToleranceDegrees = angleToleranceDegrees
        self.maxAreaRatio = maxAreaRatio
        self.useDistortion = useDistortion
        self.compensateGrowth = compensateGrowth
        self.rejectBorderTouching = rejectBorderTouching
        self.refinePose = refinePose
        self.centerTolerancePixels = centerTolerancePixels
    }

    /// Throws when a value cannot work (inverted or out-of-range bounds, negative sizes).
    public func validate() throws(VisionError) {
        for (name, range, upper) in [
            ("hueRange", self.hueRange, 180), ("saturationRange", self.saturationRange, 255),
            ("valueRange", self.valueRange, 255),
        ] where range.lowerBound < 0 || range.upperBound > upper {
            throw .invalidArgument("\(name) \(range) must lie within 0...\(upper)")
        }
        guard self.openKernel >= 0, self.closeKernel >= 0, self.openKernel < 100, self.closeKernel < 100 else {
            throw .invalidArgument("kernel sizes must be 0...99")
        }
        guard self.maxAreaRatio >= 1 else { throw .invalidArgument("maxAreaRatio must be >= 1") }
    }
}
