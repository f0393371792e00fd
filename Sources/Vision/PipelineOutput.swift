public import WireFormat

/// What a ``Pipeline`` saw in one frame, with everything the pipeline knows (more than the wire carries).
///
/// ``WireFormat/TargetingResult/init(_:frame:completedAt:)`` turns it into the bus message.
public enum PipelineOutput: Sendable {
    /// The 2019 reflective target, found or not.
    case reflective2019(Target2019)
    /// Every AprilTag detected, in the detector's order.
    case apriltag([AprilTagDetection])

    /// The pipeline that produced it.
    public var kind: PipelineKind {
        switch self {
        case .reflective2019: .reflective2019
        case .apriltag: .apriltag
        }
    }

    /// Whether anything was found.
    public var found: Bool {
        switch self {
        case .reflective2019(let target): target.found
        case .apriltag(let detections): !detections.isEmpty
        }
    }

    /// An output with nothing found, for a frame the pipeline failed on.
    public static func nothing(_ kind: PipelineKind, width: Int, height: Int) -> PipelineOutput {
        switch kind {
        case .reflective2019: .reflective2019(.notFound(width: width, height: height))
        // Driver mode has no output of its own: its results say `.driver` (the targeting worker sets it).
        case .apriltag, .driver: .apriltag([])
        }
    }
}
