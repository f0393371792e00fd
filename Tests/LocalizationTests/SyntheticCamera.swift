import Localization
import Vision
import WireFormat

/// Projects field points into a camera with OpenCV's distortion model, giving corners as the AprilTag library
/// reports them (shifted by `FieldPoseEstimator.detectorPixelOffset`), for tests of exact geometry.
struct SyntheticCamera {
    var calibration: CameraCalibration
    var fieldToCamera: Pose3

    /// The pixel of a field point (library convention), or nil behind the camera.
    func project(_ point: Translation3) -> ImagePoint? {
        let inCamera = self.fieldToCamera.transform.inverse.apply(to: point)
        let p = CameraAxes.openCV(fromWPILib: inCamera)
        guard p.z > 0.05 else { return nil }
        let (x, y) = (p.x / p.z, p.y / p.z)
        var d = self.calibration.distortion + Array(repeating: 0, count: 5)
        d = Array(d.prefix(5))
        let r2 = x * x + y * y
        let radial = 1 + r2 * (d[0] + r2 * (d[1] + r2 * d[4]))
        let xd = x * radial + 2 * d[2] * x * y + d[3] * (r2 + 2 * x * x)
        let yd = y * radial + d[2] * (r2 + 2 * y * y) + 2 * d[3] * x * y
        let offset = FieldPoseEstimator.detectorPixelOffset
        return ImagePoint(
            x: Float(self.calibration.fx * xd + self.calibration.cx + offset),
            y: Float(self.calibration.fy * yd + self.calibration.cy + offset)
        )
    }

    /// The observation of layout tag `id` (nil when a corner is behind the camera).
    func observe(_ id: Int, in layout: FieldLayout, size: Double = FieldPoseEstimator.frcTagSizeMeters)
        -> TagObservation?
    {
        guard let pose = layout.pose(ofTag: id) else { return nil }
        let corners = FieldPoseEstimator.tagCorners(size: size).compactMap {
            self.project(pose.transform.apply(to: $0))
        }
        return TagObservation(id: id, corners: corners)
    }
}
