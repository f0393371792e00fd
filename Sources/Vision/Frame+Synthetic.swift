import CVision

extension Frame {
    /// Renders the 2019 dual-tape target at `pose` as `calibration`'s camera would see it (lens distortion included),
    /// at the calibration's resolution, over `background`. Tape corners are anti-aliased.
    public func renderTarget2019(
        at pose: SyntheticTargetPose,
        calibration: CameraCalibration,
        background: Color = Color(red: 8, green: 10, blue: 12),
        tape: Color = Color(red: 40, green: 255, blue: 140)
    ) throws(VisionError) {
        try self.reshape(width: calibration.width, height: calibration.height)
        let p = pose.pose
        var native = cvision_pose()
        native.rvec = (p.rotationX, p.rotationY, p.rotationZ)
        native.tvec = (p.x, p.y, p.z)
        var calib = calibration.native
        try VisionError.check(
            cvision_render_target2019(self.handle, &calib, &native, background.native, tape.native),
            "rendering a synthetic target"
        )
    }
}
