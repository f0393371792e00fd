public import WireFormat

/// What the 2019 reflective pipeline found in one frame.
public struct Target2019: Sendable {
    /// Whether a tape pair was found and its pose solved.
    public var found: Bool
    /// Contours that passed the tape filters (found or not).
    public var candidateCount: Int
    /// Left tape then right tape corners, each top-left, top-right, bottom-right, bottom-left (empty if not found).
    public var corners: [ImagePoint]
    /// Target centre in camera coordinates, and the target's orientation.
    public var pose: Pose3D?
    /// Camera to target centre, metres.
    public var distanceMeters: Double
    /// Bearing to the target centre, degrees (positive: right of the optical axis).
    public var yawDegrees: Double
    /// Elevation of the target centre, degrees (positive: above the optical axis).
    public var pitchDegrees: Double
    /// Target rotation about the camera's vertical axis (the seed's "field orientation"), degrees
    /// (positive: the target's left edge is farther away than its right edge).
    public var skewDegrees: Double
    /// The seed's offset: image centre x minus the midpoint of the tapes' inner edges, pixels
    /// (positive: the target is left of centre).
    public var offsetPixels: Double
    /// The seed's direction: +1 when ``offsetPixels`` exceeds the dead band, -1 below minus it, else 0.
    public var direction: Int
    /// Both tapes' area as a percentage of the image.
    public var areaPercent: Double
    /// RMS corner reprojection error of the solved pose, pixels (undistorted image, mean focal length).
    public var reprojectionErrorPixels: Double
    /// Measured tilts of the two tapes, degrees.
    public var leftTiltDegrees: Double
    public var rightTiltDegrees: Double
    /// Size of the processed image.
    public var imageWidth: Int
    public var imageHeight: Int

    /// An empty "not found" result for an image of the given size.
    public static func notFound(width: Int, height: Int, candidates: Int = 0) -> Target2019 {
        Target2019(
            found: false, candidateCount: candidates, corners: [], pose: nil, distanceMeters: 0, yawDegrees: 0,
            pitchDegrees: 0, skewDegrees: 0, offsetPixels: 0, direction: 0, areaPercent: 0,
            reprojectionErrorPixels: 0, leftTiltDegrees: 0, rightTiltDegrees: 0, imageWidth: width,
            imageHeight: height
        )
    }
}
