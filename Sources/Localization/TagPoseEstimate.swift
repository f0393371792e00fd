public import WireFormat

/// Both IPPE solutions of one tag's pose, as PhotonVision reports them.
public struct TagPoseEstimate: Hashable, Sendable {
    public var id: Int
    /// The image corners the poses were solved from (AprilTag order).
    public var corners: [ImagePoint]
    /// Whether the field layout has this tag (only those tags place the camera on the field).
    public var isInLayout: Bool
    /// Camera-to-tag transform of the solution with the lower reprojection error (WPILib camera and tag frames).
    public var best: Transform3
    /// RMS reprojection error of `best` per coordinate, pixels.
    public var bestErrorPixels: Double
    /// The other IPPE solution (the tag flipped about its own plane), when IPPE gave two.
    public var alternate: Transform3?
    public var alternateErrorPixels: Double?
    /// `bestErrorPixels / alternateErrorPixels` (0 without an alternate): near 1 the two poses are equally likely.
    public var ambiguity: Double

    /// Camera to tag centre, metres (of `best`).
    public var distanceMeters: Double { self.best.translation.norm }
}
