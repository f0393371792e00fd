public import WireFormat

/// What a ``FieldLocalizer`` solved from one frame.
public struct FieldLocalization: Sendable, Hashable {
    /// One entry per detection, in the detections' order: both pose solutions, or `nil` where none was solved.
    public var tagPoses: [TagPoseSolutions?]
    /// The camera's and robot's pose on the field, when a tag of the layout was seen.
    public var fieldPose: FieldPose?

    public init(tagPoses: [TagPoseSolutions?], fieldPose: FieldPose?) {
        self.tagPoses = tagPoses
        self.fieldPose = fieldPose
    }
}
