/// What a decoder accepts (``FloatLimit``), asked by a producer before it sends: a value the decoder would
/// reject (a degenerate pose 1e5 m away, a NaN from a solver) must not cost the receiver the whole frame.
public enum WireLimits {
    /// Whether every float of `target` (its poses included) is one a decoder accepts.
    public static func accepts(_ target: Target) -> Bool {
        Self.within(target.yawDegrees, FloatLimit.angleDegrees) && Self.within(target.pitchDegrees, FloatLimit.angleDegrees)
            && Self.within(target.skewDegrees, FloatLimit.angleDegrees)
            && Self.within(target.areaPercent, FloatLimit.areaPercent)
            && Self.within(target.distanceMeters, FloatLimit.meters) && Self.within(target.offsetPixels, FloatLimit.pixels)
            && Self.within(target.decisionMargin, FloatLimit.score) && Self.within(target.ambiguity, FloatLimit.score)
            && target.corners.allSatisfy { Self.within($0.x, FloatLimit.pixels) && Self.within($0.y, FloatLimit.pixels) }
            && Self.accepts(target.bestPose) && Self.accepts(target.alternatePose)
    }

    /// Whether `pose` is absent or every float of it is one a decoder accepts.
    private static func accepts(_ pose: TargetPose?) -> Bool {
        guard let pose else { return true }
        return Self.accepts(pose.cameraToTarget) && Self.within(pose.reprojectionErrorPixels, FloatLimit.score)
    }

    /// Whether every float of `pose` is one a decoder accepts.
    public static func accepts(_ pose: FieldPose) -> Bool {
        Self.accepts(pose.fieldToCamera) && Self.accepts(pose.fieldToRobot)
            && Self.within(pose.reprojectionErrorPixels, FloatLimit.score) && Self.within(pose.ambiguity, FloatLimit.score)
    }

    /// Whether `transform`'s translation is within ``FloatLimit/meters`` and its rotation a unit quaternion.
    public static func accepts(_ transform: Transform3D) -> Bool {
        // Per target per frame: plain comparisons, no temporary arrays.
        let (w, x, y, z) = (transform.qw, transform.qx, transform.qy, transform.qz)
        let limit = FloatLimit.quaternionComponent
        return Self.within(transform.x, FloatLimit.meters) && Self.within(transform.y, FloatLimit.meters)
            && Self.within(transform.z, FloatLimit.meters)
            && Self.within(w, limit) && Self.within(x, limit) && Self.within(y, limit) && Self.within(z, limit)
            && (w * w + x * x + y * y + z * z - 1).magnitude <= FloatLimit.quaternionNormTolerance
    }

    /// `abs(NaN) <= limit` is false, so this one comparison also refuses NaN and infinity.
    private static func within(_ value: Float, _ limit: Float) -> Bool { value.magnitude <= limit }
}
