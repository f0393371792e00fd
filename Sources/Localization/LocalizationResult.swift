/// What the estimator found in one frame.
public struct LocalizationResult: Hashable, Sendable {
    /// Every observed tag whose pose could be solved, in observation order, layout tags or not.
    public var tags: [TagPoseEstimate]
    /// Ids of observed tags whose pose could not be solved (degenerate corners).
    public var unsolvedTagIDs: [Int]
    /// The camera and robot on the field; nil when no layout tag was seen.
    public var fieldPose: FieldPoseEstimate?

    public init(tags: [TagPoseEstimate] = [], unsolvedTagIDs: [Int] = [], fieldPose: FieldPoseEstimate? = nil) {
        self.tags = tags
        self.unsolvedTagIDs = unsolvedTagIDs
        self.fieldPose = fieldPose
    }
}
