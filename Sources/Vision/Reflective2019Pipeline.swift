import CVision
import WireFormat

/// The 2019 dual retroreflective target pipeline: HSV threshold, optional morphology, external contours, tape
/// classification by tilt (about +-14.5 degrees), pairing of a left ("/") tape with the right ("\") tape next to it,
/// then `solvePnP` of the eight tape corners against the 2019 target model with the camera calibration.
///
/// Buffers are reused between frames. Not thread-safe: create and use it on one (dedicated) thread.
public final class Reflective2019Pipeline {
    /// The configuration it was created with.
    public let configuration: Reflective2019Configuration
    /// The calibration at its native resolution; frames of another size use a scaled copy.
    public let calibration: CameraCalibration
    private var handle: OpaquePointer
    private var handleSize: (width: Int, height: Int)

    public init(configuration: Reflective2019Configuration = .init(), calibration: CameraCalibration) throws(VisionError) {
        try configuration.validate()
        self.configuration = configuration
        self.calibration = calibration
        self.handle = try Self.makeHandle(configuration, calibration)
        self.handleSize = (calibration.width, calibration.height)
    }

    deinit { cvision_reflective_destroy(self.handle) }

    private static func makeHandle(
        _ configuration: Reflective2019Configuration,
        _ calibration: CameraCalibration
    ) throws(VisionError) -> OpaquePointer {
        var c = cvision_reflective_config()
        c.hsv_lower = (
            UInt8(configuration.hueRange.lowerBound), UInt8(configuration.saturationRange.lowerBound),
            UInt8(configuration.valueRange.lowerBound)
        )
        c.hsv_upper = (
            UInt8(configuration.hueRange.upperBound), UInt8(configuration.saturationRange.upperBound),
            UInt8(configuration.valueRange.upperBound)
        )
        c.open_kernel = Int32(configuration.openKernel)
        c.close_kernel = Int32(configuration.closeKernel)
        c.min_area_px = configuration.minAreaPixels
        c.min_aspect = configuration.minAspect
        c.min_solidity = configuration.minSolidity
        c.tape_angle_deg = configuration.tapeAngleDegrees
        c.angle_tolerance_deg = configuration.angleToleranceDegrees
        c.max_area_ratio = configuration.maxAreaRatio
        c.use_distortion = configuration.useDistortion ? 1 : 0
        c.compensate_growth = configuration.compensateGrowth ? 1 : 0
        c.reject_border_touching = configuration.rejectBorderTouching ? 1 : 0
        c.refine_pose = configuration.refinePose ? 1 : 0
        var calib = calibration.native
        var out: OpaquePointer?
        try VisionError.check(cvision_reflective_create(&c, &calib, &out), "creating the reflective pipeline")
        guard let out else { throw .outOfMemory }
        return out
    }

    /// Finds the target in `frame` (any size; the calibration is scaled to it).
    public func process(_ frame: Frame) throws(VisionError) -> Target2019 {
        let width = frame.width
        let height = frame.height
        guard width > 0, height > 0 else { throw .invalidArgument("empty frame") }
        if width != self.handleSize.width || height != self.handleSize.height {
            let scaled = self.calibration.scaled(toWidth: width, height: height)
            let newHandle = try Self.makeHandle(self.configuration, scaled)
            cvision_reflective_destroy(self.handle)
            self.handle = newHandle
            self.handleSize = (width, height)
        }
        var r = cvision_reflective_result()
        try VisionError.check(cvision_reflective_process(self.handle, frame.handle, &r), "processing a frame")
        guard r.found != 0 else {
            return .notFound(width: width, height: height, candidates: Int(r.candidate_count))
        }
        let corners = withUnsafeBytes(of: r.corners) { raw in
            let xy = raw.bindMemory(to: Float.self)
            return (0..<8).map { ImagePoint(x: xy[2 * $0], y: xy[2 * $0 + 1]) }
        }
        let tolerance = self.configuration.centerTolerancePixels
        return Target2019(
            found: true,
            candidateCount: Int(r.candidate_count),
            corners: corners,
            pose: Pose3D(
                x: r.pose.tvec.0, y: r.pose.tvec.1, z: r.pose.tvec.2, rotationX: r.pose.rvec.0,
                rotationY: r.pose.rvec.1, rotationZ: r.pose.rvec.2
            ),
            distanceMeters: r.distance_m,
            yawDegrees: r.yaw_deg,
            pitchDegrees: r.pitch_deg,
            skewDegrees: r.skew_deg,
            offsetPixels: r.offset_px,
            direction: r.offset_px > tolerance ? 1 : (r.offset_px < -tolerance ? -1 : 0),
            areaPercent: r.area_percent,
            reprojectionErrorPixels: r.reprojection_error_px,
            leftTiltDegrees: r.left_tilt_deg,
            rightTiltDegrees: r.right_tilt_deg,
            imageWidth: width,
            imageHeight: height
        )
    }
}
