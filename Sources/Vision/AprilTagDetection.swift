public import WireFormat

/// One decoded AprilTag.
public struct AprilTagDetection: Hashable, Sendable {
    public var id: Int
    /// Bits the decoder corrected.
    public var hamming: Int
    /// The library's decision margin (higher is more certain; below about 30 is doubtful for 16h5).
    public var decisionMargin: Double
    /// Corners in pixels, counter-clockwise starting bottom-left (the library's order).
    public var corners: [ImagePoint]
    public var center: ImagePoint
    /// Tag pose in camera coordinates (nil without calibration or tag size).
    public var pose: Pose3D?
    /// Camera to tag centre, metres (0 without pose).
    public var distanceMeters: Double
    /// Bearing and elevation of the tag centre, degrees (0 without pose).
    public var yawDegrees: Double
    public var pitchDegrees: Double
    /// Mean corner reprojection error of the pose, pixels.
    public var reprojectionErrorPixels: Double
}
