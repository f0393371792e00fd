import CVision
public import Vision
import WireFormat

/// Places the camera and the robot on the field from the AprilTags of one frame, as PhotonVision does: each tag's
/// two IPPE poses with their ambiguity; with two or more layout tags the camera pose from all their corners at once
/// (SQPnP, then Levenberg-Marquardt); with one layout tag its lower-error pose.
///
/// Point buffers are reused between frames. Not thread-safe: use it on one (dedicated) thread.
public final class FieldPoseEstimator {
    public let layout: FieldLayout
    /// Intrinsics and distortion of the images the corners come from (same resolution).
    public let calibration: CameraCalibration
    /// Where the camera is on the robot (WPILib camera body frame).
    public let robotToCamera: Transform3
    /// Edge of the tags' black square, metres.
    public let tagSizeMeters: Double
    private let native: cvision_calibration
    private let cameraToRobot: Transform3
    private let cornersInTag: [Translation3]
    private var objectPoints: [Double] = []
    private var imagePoints: [Double] = []

    /// Where the AprilTag library's corners put pixel centres, in x and in y (`CVISION_APRILTAG_PIXEL_CENTER`, which
    /// the per-tag solve in CVision uses too): every corner is shifted by minus this before solving.
    ///
    /// The library puts the centre of pixel (i, j) at (i + 0.5, j + 0.5) (`apriltag.c`: line fits add 0.5, decimated
    /// corners map back by `(p - 0.5) * decimate + 0.5`); OpenCV's camera matrix puts it at (i, j). PhotonVision does
    /// not shift, so its poses carry this half pixel as a rotation of about 0.5 / fx rad (0.03 degrees at fx = 910).
    /// Measured (`DetectorPixelConventionTests`, exact-area renders, 64 corners): detected minus true +0.499 px in x,
    /// +0.505 in y. On 240 scene renders the shift lowers the rotation error in 62 % of scenes and removes a bias of
    /// -0.038 / +0.024 degrees about the camera's x and y axes; the position is unchanged (README, Accuracy).
    public static let detectorPixelOffset = CVISION_APRILTAG_PIXEL_CENTER

    /// FRC's 36h11 tags since 2024: 6.5 in.
    public static let frcTagSizeMeters = 0.1651

    public init(
        layout: FieldLayout,
        calibration: CameraCalibration,
        robotToCamera: Transform3 = .identity,
        tagSizeMeters: Double = FieldPoseEstimator.frcTagSizeMeters
    ) throws(LocalizationError) {
        guard tagSizeMeters.isFinite, tagSizeMeters > 0 else {
            throw .invalidArgument("tag size must be a positive number of metres, not \(tagSizeMeters)")
        }
        guard robotToCamera.isFinite else { throw .invalidArgument("the robot-to-camera transform must be finite") }
        let intrinsics = [calibration.fx, calibration.fy, calibration.cx, calibration.cy]
        guard intrinsics.allSatisfy(\.isFinite), calibration.fx > 0, calibration.fy > 0,
            calibration.distortion.allSatisfy(\.isFinite)
        else { throw .invalidArgument("the calibration needs positive finite focal lengths and finite distortion") }
        self.layout = layout
        self.calibration = calibration
        self.robotToCamera = robotToCamera
        self.tagSizeMeters = tagSizeMeters
        self.native = calibration.native
        self.cameraToRobot = robotToCamera.inverse
        self.cornersInTag = Self.tagCorners(size: tagSizeMeters)
        self.objectPoints.reserveCapacity(3 * 4 * 32)
        self.imagePoints.reserveCapacity(2 * 4 * 32)
    }

    /// Solves the frame's `tags` into `result`, reusing its storage.
    public func estimate(_ tags: [TagObservation], into result: inout LocalizationResult) {
        result.tags.removeAll(keepingCapacity: true)
        result.unsolvedTagIDs.removeAll(keepingCapacity: true)
        result.fieldPose = nil
        self.objectPoints.removeAll(keepingCapacity: true)
        self.imagePoints.removeAll(keepingCapacity: true)
        var tagsUsed: [Int] = []
        var single: (fieldToTag: Pose3, solutions: TagPoseEstimate)?
        for tag in tags {
            guard let solutions = self.solve(tag, isInLayout: self.layout.pose(ofTag: tag.id) != nil) else {
                result.unsolvedTagIDs.append(tag.id)
                continue
            }
            result.tags.append(solutions)
            // A second tag with the same id in one frame is a misdetection of one of them: use the first only.
            guard let fieldToTag = self.layout.pose(ofTag: tag.id), !tagsUsed.contains(tag.id) else { continue }
            tagsUsed.append(tag.id)
            if single == nil { single = (fieldToTag, solutions) }
            for index in 0..<4 {
                let p = fieldToTag.transform.apply(to: self.cornersInTag[index])
                self.objectPoints.append(p.x)
                self.objectPoints.append(p.y)
                self.objectPoints.append(p.z)
                self.imagePoints.append(Double(tag.corners[index].x) - Self.detectorPixelOffset)
                self.imagePoints.append(Double(tag.corners[index].y) - Self.detectorPixelOffset)
            }
        }
        if tagsUsed.count >= 2 {
            result.fieldPose = self.multiTagPose(tagsUsed: tagsUsed)
        } else if let single {
            let fieldToCamera = single.fieldToTag.transformed(by: single.solutions.best.inverse)
            result.fieldPose = FieldPoseEstimate(
                fieldToCamera: fieldToCamera, fieldToRobot: fieldToCamera.transformed(by: self.cameraToRobot),
                reprojectionErrorPixels: single.solutions.bestErrorPixels, tagsUsed: tagsUsed, isMultiTag: false,
                ambiguity: single.solutions.ambiguity
            )
        }
    }

    /// Solves the frame's `tags`.
    public func estimate(_ tags: [TagObservation]) -> LocalizationResult {
        var result = LocalizationResult()
        self.estimate(tags, into: &result)
        return result
    }

    /// A tag's corners in its own frame (WPILib tag frame), AprilTag order, as PhotonVision's `TargetModel`.
    public static func tagCorners(size: Double) -> [Translation3] {
        let h = size / 2
        return [
            Translation3(x: 0, y: -h, z: -h), Translation3(x: 0, y: h, z: -h), Translation3(x: 0, y: h, z: h),
            Translation3(x: 0, y: -h, z: h),
        ]
    }

    private func solve(_ tag: TagObservation, isInLayout: Bool) -> TagPoseEstimate? {
        let c = tag.corners
        let offset = Self.detectorPixelOffset
        var xy = (
            Double(c[0].x) - offset, Double(c[0].y) - offset, Double(c[1].x) - offset, Double(c[1].y) - offset,
            Double(c[2].x) - offset, Double(c[2].y) - offset, Double(c[3].x) - offset, Double(c[3].y) - offset
        )
        var native = self.native
        var out = cvision_square_pose_solutions()
        let status = withUnsafeBytes(of: &xy) { raw in
            cvision_solve_square_pose(&native, raw.bindMemory(to: Double.self).baseAddress!, self.tagSizeMeters, &out)
        }
        guard status == .CVISION_OK, out.count >= 1 else { return nil }
        let hasAlternate = out.count == 2
        return TagPoseEstimate(
            id: tag.id, corners: tag.corners, isInLayout: isInLayout, best: Self.cameraToTag(out.poses.0),
            bestErrorPixels: out.errors.0, alternate: hasAlternate ? Self.cameraToTag(out.poses.1) : nil,
            alternateErrorPixels: hasAlternate ? out.errors.1 : nil, ambiguity: out.ambiguity
        )
    }

    private func multiTagPose(tagsUsed: [Int]) -> FieldPoseEstimate? {
        var native = self.native
        var pose = cvision_pose()
        var error = 0.0
        let count = Int32(self.imagePoints.count / 2)
        let status = self.objectPoints.withUnsafeBufferPointer { object in
            self.imagePoints.withUnsafeBufferPointer { image in
                cvision_solve_points_pose(&native, object.baseAddress!, image.baseAddress!, count, &pose, &error)
            }
        }
        guard status == .CVISION_OK else { return nil }
        let cameraToField = CameraAxes.cameraToWPILibObject(
            openCVRotationVector: Translation3(x: pose.rvec.0, y: pose.rvec.1, z: pose.rvec.2),
            translation: Translation3(x: pose.tvec.0, y: pose.tvec.1, z: pose.tvec.2)
        )
        let fieldToCamera = Pose3(cameraToField.inverse)
        return FieldPoseEstimate(
            fieldToCamera: fieldToCamera, fieldToRobot: fieldToCamera.transformed(by: self.cameraToRobot),
            reprojectionErrorPixels: error, tagsUsed: tagsUsed, isMultiTag: true, ambiguity: 0
        )
    }

    private static func cameraToTag(_ pose: cvision_pose) -> Transform3 {
        CameraAxes.cameraToObject(
            openCVRotationVector: Translation3(x: pose.rvec.0, y: pose.rvec.1, z: pose.rvec.2),
            translation: Translation3(x: pose.tvec.0, y: pose.tvec.1, z: pose.tvec.2)
        )
    }
}
