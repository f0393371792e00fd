/// What a synthetic frame source renders: the 2019 target seen by a calibrated camera at known poses.
public struct SyntheticSourceSettings: Hashable, Sendable, Codable {
    /// The simulated camera (its resolution is the frame size).
    public var calibration: CameraCalibration
    /// Poses shown one per frame, cycling.
    public var poses: [SyntheticTargetPose]
    /// Frame rate (nil: as fast as the consumer reads).
    public var fps: Double?

    public init(calibration: CameraCalibration, poses: [SyntheticTargetPose], fps: Double? = nil) {
        self.calibration = calibration
        self.poses = poses
        self.fps = fps
    }
}
