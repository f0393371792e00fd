/// Solves where the camera and robot are on the field from one frame's AprilTags, and both pose solutions of every
/// tag: the part a field layout and the robot-to-camera transform add to the AprilTag pipeline.
///
/// The targeting worker and `targeting eval` call it after ``AprilTagPipeline`` and hand its answer to
/// ``WireFormat/TargetingResult/init(_:frame:localization:completedAt:)``. Like a ``Pipeline`` it may keep native
/// buffers between frames and need not be thread-safe: create and use one on one (dedicated) thread.
public protocol FieldLocalizer: AnyObject {
    /// Solves the tags of one frame.
    ///
    /// - Parameters:
    ///   - detections: every tag the pipeline detected, in its order (corners in pixels, AprilTag order).
    ///   - imageWidth: the frame's width in pixels (the calibration is scaled to the frame).
    ///   - imageHeight: the frame's height in pixels.
    /// - Returns: for each detection (same order, same count) its pose solutions, `nil` where none was solved;
    ///   and the field pose when at least one tag of the layout was seen (never a pose from an earlier frame).
    func localize(_ detections: [AprilTagDetection], imageWidth: Int, imageHeight: Int) -> FieldLocalization
}
