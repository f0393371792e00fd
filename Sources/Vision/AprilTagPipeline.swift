import CVision
import WireFormat

/// AprilTag detection (AprilRobotics library, 36h11 or 16h5) with a per-tag pose from the tag size.
///
/// The detector, its grey image and its result storage are reused; the library's per-frame detections are freed
/// inside the shim. Not thread-safe: create and use it on one (dedicated) thread.
public final class AprilTagPipeline {
    public let configuration: AprilTagConfiguration
    /// Calibration at its native resolution (nil: detections without pose); frames of another size use a scaled copy.
    public let calibration: CameraCalibration?
    private let handle: OpaquePointer
    private var scaledCalibration: cvision_calibration?
    private var scaledSize: (width: Int, height: Int) = (0, 0)

    public init(configuration: AprilTagConfiguration = .init(), calibration: CameraCalibration? = nil) throws(VisionError) {
        guard configuration.quadDecimate >= 1 else { throw .invalidArgument("quadDecimate must be >= 1") }
        guard configuration.threads >= 1 else { throw .invalidArgument("threads must be >= 1") }
        guard (0...3).contains(configuration.maxBitsCorrected) else {
            throw .invalidArgument("maxBitsCorrected must be 0...3")
        }
        guard configuration.tagSizeMeters >= 0 else { throw .invalidArgument("tagSizeMeters must be >= 0") }
        self.configuration = configuration
        self.calibration = calibration
        var c = cvision_apriltag_config()
        c.family = configuration.family == .tag36h11 ? .CVISION_TAG_36H11 : .CVISION_TAG_16H5
        c.quad_decimate = configuration.quadDecimate
        c.quad_sigma = configuration.quadSigma
        c.threads = Int32(configuration.threads)
        c.refine_edges = configuration.refineEdges ? 1 : 0
        c.decode_sharpening = configuration.decodeSharpening
        c.max_bits_corrected = Int32(configuration.maxBitsCorrected)
        c.max_hamming = Int32(configuration.maxHamming)
        c.min_decision_margin = configuration.minDecisionMargin
        var out: OpaquePointer?
        try VisionError.check(cvision_apriltag_create(&c, &out), "creating the AprilTag detector")
        guard let out else { throw .outOfMemory }
        self.handle = out
    }

    deinit { cvision_apriltag_destroy(self.handle) }

    /// Detects tags in `frame`, replacing the contents of `detections` (its capacity is reused).
    public func detect(_ frame: Frame, into detections: inout [AprilTagDetection]) throws(VisionError) {
        detections.removeAll(keepingCapacity: true)
        let width = frame.width
        let height = frame.height
        guard width > 0, height > 0 else { throw .invalidArgument("empty frame") }
        if let calibration, width != self.scaledSize.width || height != self.scaledSize.height {
            self.scaledCalibration = calibration.scaled(toWidth: width, height: height).native
            self.scaledSize = (width, height)
        }
        var count: Int32 = 0
        let tagSize = self.configuration.tagSizeMeters
        let status: cvision_status
        if self.calibration != nil, var native = self.scaledCalibration {
            status = cvision_apriltag_detect(self.handle, frame.handle, &native, tagSize, &count)
        } else {
            status = cvision_apriltag_detect(self.handle, frame.handle, nil, 0, &count)
        }
        try VisionError.check(status, "detecting AprilTags")
        var d = cvision_tag_detection()
        for index in 0..<count {
            try VisionError.check(cvision_apriltag_detection(self.handle, index, &d), "reading a detection")
            let corners = withUnsafeBytes(of: d.corners) { raw in
                let xy = raw.bindMemory(to: Float.self)
                return (0..<4).map { ImagePoint(x: xy[2 * $0], y: xy[2 * $0 + 1]) }
            }
            let pose: Pose3D? =
                d.has_pose != 0
                ? Pose3D(
                    x: d.pose.tvec.0, y: d.pose.tvec.1, z: d.pose.tvec.2, rotationX: d.pose.rvec.0,
                    rotationY: d.pose.rvec.1, rotationZ: d.pose.rvec.2
                ) : nil
            detections.append(
                AprilTagDetection(
                    id: Int(d.id), hamming: Int(d.hamming), decisionMargin: Double(d.decision_margin),
                    corners: corners, center: ImagePoint(x: d.center.0, y: d.center.1), pose: pose,
                    distanceMeters: d.distance_m, yawDegrees: d.yaw_deg, pitchDegrees: d.pitch_deg,
                    reprojectionErrorPixels: d.reprojection_error_px
                )
            )
        }
    }

    /// Detects tags in `frame`.
    public func detect(_ frame: Frame) throws(VisionError) -> [AprilTagDetection] {
        var detections: [AprilTagDetection] = []
        try self.detect(frame, into: &detections)
        return detections
    }
}
