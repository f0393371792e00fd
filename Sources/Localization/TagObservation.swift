public import Vision
public import WireFormat

/// A detected tag as the estimator needs it: its id and four image corners in AprilTag order (counter-clockwise
/// from the tag's bottom left as seen facing it), pixels in the image the calibration describes, as the AprilTag
/// library reports them (the estimator shifts them to OpenCV's convention: `FieldPoseEstimator.detectorPixelOffset`).
public struct TagObservation: Hashable, Sendable {
    public let id: Int
    public let corners: [ImagePoint]

    /// Nil unless there are exactly four finite corners.
    public init?(id: Int, corners: [ImagePoint]) {
        guard corners.count == 4, corners.allSatisfy({ $0.x.isFinite && $0.y.isFinite }) else { return nil }
        self.id = id
        self.corners = corners
    }

    /// The observation of a detection of `AprilTagPipeline`.
    public init?(_ detection: AprilTagDetection) {
        self.init(id: detection.id, corners: detection.corners)
    }
}
