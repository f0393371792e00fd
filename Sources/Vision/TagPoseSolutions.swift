public import WireFormat

/// Both solutions of one planar tag's camera-to-tag pose (IPPE), best first, and how ambiguous the choice is.
public struct TagPoseSolutions: Sendable, Hashable {
    /// The solution with the lower reprojection error.
    public var best: TargetPose
    /// The other solution, when there is one.
    public var alternate: TargetPose?
    /// Best error divided by alternate error (PhotonVision's definition; near 1: ambiguous); -1 when unknown.
    public var ambiguity: Float

    public init(best: TargetPose, alternate: TargetPose?, ambiguity: Float) {
        self.best = best
        self.alternate = alternate
        self.ambiguity = ambiguity
    }

    /// Straight-line distance from the camera to the tag of the best solution, metres.
    public var distanceMeters: Float {
        let t = self.best.cameraToTarget
        return (t.x * t.x + t.y * t.y + t.z * t.z).squareRoot()
    }
}
