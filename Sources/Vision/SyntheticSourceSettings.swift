/// What a synthetic frame source renders: the 2019 target seen by a calibrated camera at known poses.
public struct SyntheticSourceSettings: Hashable, Sendable, Codable {
    /// The simulated camera (its resolution is the frame size).
    public var calibration: CameraCalibration
    /// Poses shown in turn, cycling.
    public var poses: [SyntheticTargetPose]
    /// Frame rate (nil: as fast as the consumer reads).
    public var fps: Double?
    /// Seconds each pose is shown, on the wall clock: the pose rendered at Unix time `t` is
    /// `poses[floor(t / secondsPerPose) % poses.count]`, a pure function of the time, so every synthetic camera with
    /// the same poses and seconds shows the same scene at the same moment (the demo's targeting and camstreamer,
    /// even in two processes). `nil`: the next pose on every frame.
    public var secondsPerPose: Double?

    public init(
        calibration: CameraCalibration, poses: [SyntheticTargetPose], fps: Double? = nil, secondsPerPose: Double? = nil
    ) {
        self.calibration = calibration
        self.poses = poses
        self.fps = fps
        self.secondsPerPose = secondsPerPose
    }

    /// The demo scene: the 2019 target at three poses, two seconds each, seen by a 61-degree camera at 30 fps.
    /// targeting renders it at 320x240 and camstreamer's overlay camera at 640x480: the same view at two
    /// resolutions, so the overlay drawn from targeting's result lies on the target camstreamer streams.
    public static func demo(width: Int, height: Int) -> Self {
        Self(
            calibration: .ideal(width: width, height: height, horizontalFOVDegrees: 61),
            poses: [
                SyntheticTargetPose(distanceMeters: 1.2, yawDegrees: -8),
                SyntheticTargetPose(distanceMeters: 1.8, yawDegrees: 0, skewDegrees: 15),
                SyntheticTargetPose(distanceMeters: 2.4, yawDegrees: 10, skewDegrees: -20),
            ],
            fps: 30,
            secondsPerPose: 2
        )
    }

    /// Whether ``secondsPerPose`` is usable: absent, or a finite number of at least a millisecond.
    public var hasValidTiming: Bool {
        self.secondsPerPose.map { $0.isFinite && $0 >= 0.001 } ?? true
    }

    /// The index of the pose shown at Unix time `seconds` (``secondsPerPose`` must be set and valid); `nil` without
    /// poses or wall-clock timing.
    public func poseIndex(atUnixTime seconds: Double) -> Int? {
        guard let period = self.secondsPerPose, self.hasValidTiming, !self.poses.isEmpty, seconds.isFinite else {
            return nil
        }
        let slot = (seconds / period).rounded(.down).truncatingRemainder(dividingBy: Double(self.poses.count))
        guard slot.isFinite else { return nil }  // a time so far off that the division overflowed
        let index = Int(slot < 0 ? slot + Double(self.poses.count) : slot)
        return min(max(index, 0), self.poses.count - 1)
    }
}
