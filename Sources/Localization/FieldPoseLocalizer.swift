public import Vision
public import WireFormat

/// The targeting pipeline's ``Vision/FieldLocalizer``: runs a ``FieldPoseEstimator`` on each frame's tags and
/// hands back its answer in the result model's types (single precision, WPILib conventions).
///
/// The calibration is scaled to each frame's size (a new estimator when the size changes). Not thread-safe: create
/// and use it on the camera thread, like the pipeline.
public final class FieldPoseLocalizer: FieldLocalizer {
    public let layout: FieldLayout
    public let calibration: CameraCalibration
    public let robotToCamera: Transform3
    public let tagSizeMeters: Double
    private var estimator: FieldPoseEstimator
    private var observations: [TagObservation] = []
    private var indexOfObservation: [Int] = []
    private var estimate = LocalizationResult()

    /// Loads `field.layout` (an official name or a path) and checks the transform.
    /// - Throws: ``FieldLayoutError`` or ``LocalizationError``, each a one-line message.
    public convenience init(field: FieldConfiguration, calibration: CameraCalibration, tagSizeMeters: Double) throws {
        try self.init(
            layout: FieldLayout.load(nameOrPath: field.layout), calibration: calibration,
            robotToCamera: Transform3(field.robotToCamera.transform), tagSizeMeters: tagSizeMeters
        )
    }

    public init(
        layout: FieldLayout, calibration: CameraCalibration, robotToCamera: Transform3, tagSizeMeters: Double
    ) throws(LocalizationError) {
        self.layout = layout
        self.calibration = calibration
        self.robotToCamera = robotToCamera
        self.tagSizeMeters = tagSizeMeters
        self.estimator = try FieldPoseEstimator(
            layout: layout, calibration: calibration, robotToCamera: robotToCamera, tagSizeMeters: tagSizeMeters
        )
        self.observations.reserveCapacity(TargetingResult.maxTargets)
    }

    public func localize(_ detections: [AprilTagDetection], imageWidth: Int, imageHeight: Int) -> FieldLocalization {
        let current = self.estimator.calibration
        if imageWidth != current.width || imageHeight != current.height {
            // The settings were checked at start; only a frame size the calibration cannot scale to fails here.
            guard
                let scaled = try? FieldPoseEstimator(
                    layout: self.layout, calibration: self.calibration.scaled(toWidth: imageWidth, height: imageHeight),
                    robotToCamera: self.robotToCamera, tagSizeMeters: self.tagSizeMeters
                )
            else { return FieldLocalization(tagPoses: detections.map { _ in nil }, fieldPose: nil) }
            self.estimator = scaled
        }
        self.observations.removeAll(keepingCapacity: true)
        self.indexOfObservation.removeAll(keepingCapacity: true)
        for (index, detection) in detections.enumerated() {
            guard let observation = TagObservation(detection) else { continue }
            self.observations.append(observation)
            self.indexOfObservation.append(index)
        }
        self.estimator.estimate(self.observations, into: &self.estimate)
        var tagPoses = [TagPoseSolutions?](repeating: nil, count: detections.count)
        // The estimator keeps the observations' order and skips the ones it could not solve.
        var solved = self.estimate.tags.makeIterator()
        var next = solved.next()
        for (position, observation) in self.observations.enumerated() {
            guard let tag = next, tag.id == observation.id, tag.corners == observation.corners else { continue }
            tagPoses[self.indexOfObservation[position]] = TagPoseSolutions(tag)
            next = solved.next()
        }
        return FieldLocalization(tagPoses: tagPoses, fieldPose: self.estimate.fieldPose.map(FieldPose.init))
    }
}

extension TagPoseSolutions {
    /// Both solutions of an estimate, in the result model's types.
    init(_ estimate: TagPoseEstimate) {
        self.init(
            best: TargetPose(
                cameraToTarget: Transform3D(estimate.best), reprojectionErrorPixels: Float(estimate.bestErrorPixels)
            ),
            alternate: estimate.alternate.map { alternate in
                TargetPose(
                    cameraToTarget: Transform3D(alternate),
                    reprojectionErrorPixels: Float(estimate.alternateErrorPixels ?? -1)
                )
            },
            ambiguity: estimate.alternate == nil ? -1 : Float(estimate.ambiguity)
        )
    }
}

extension FieldPose {
    /// A field pose estimate in the result model's types.
    init(_ estimate: FieldPoseEstimate) {
        self.init(
            fieldToCamera: Transform3D(estimate.fieldToCamera.transform),
            fieldToRobot: Transform3D(estimate.fieldToRobot.transform),
            reprojectionErrorPixels: Float(estimate.reprojectionErrorPixels),
            ambiguity: estimate.isMultiTag ? -1 : Float(estimate.ambiguity),
            isMultiTag: estimate.isMultiTag,
            tagIDs: estimate.tagsUsed.map { Int16(clamping: $0) }
        )
    }
}

extension Transform3D {
    /// The single-precision wire form of `transform`.
    public init(_ transform: Transform3) {
        let t = transform.translation
        let q = transform.rotation
        self.init(
            x: Float(t.x), y: Float(t.y), z: Float(t.z), qw: Float(q.w), qx: Float(q.x), qy: Float(q.y), qz: Float(q.z)
        )
    }
}

extension Transform3 {
    /// The double-precision form of a wire transform (its quaternion normalised; identity if it has none).
    public init(_ wire: Transform3D) {
        self.init(
            translation: Translation3(x: Double(wire.x), y: Double(wire.y), z: Double(wire.z)),
            rotation: Rotation3(w: Double(wire.qw), x: Double(wire.qx), y: Double(wire.qy), z: Double(wire.qz))
                ?? .identity
        )
    }
}
