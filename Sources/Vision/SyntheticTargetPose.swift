import Foundation

/// Where a synthetic 2019 target sits relative to the camera, in the terms the reflective pipeline reports.
public struct SyntheticTargetPose: Hashable, Sendable, Codable {
    /// Camera to target centre, metres.
    public var distanceMeters: Double
    /// Bearing of the target centre from the optical axis, degrees (positive: right).
    public var yawDegrees: Double
    /// Elevation of the target centre above the optical axis, degrees (positive: up).
    public var pitchDegrees: Double
    /// Rotation of the target about the camera's vertical axis, degrees (positive: its left edge farther away).
    public var skewDegrees: Double

    public init(distanceMeters: Double, yawDegrees: Double = 0, pitchDegrees: Double = 0, skewDegrees: Double = 0) {
        self.distanceMeters = distanceMeters
        self.yawDegrees = yawDegrees
        self.pitchDegrees = pitchDegrees
        self.skewDegrees = skewDegrees
    }

    /// The target's pose in camera coordinates.
    public var pose: Pose3D {
        let yaw = self.yawDegrees * .pi / 180
        let pitch = self.pitchDegrees * .pi / 180
        return Pose3D(
            x: self.distanceMeters * sin(yaw) * cos(pitch),
            y: -self.distanceMeters * sin(pitch),
            z: self.distanceMeters * cos(yaw) * cos(pitch),
            rotationX: 0,
            rotationY: self.skewDegrees * .pi / 180,
            rotationZ: 0
        )
    }
}
