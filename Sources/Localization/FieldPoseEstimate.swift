/// Where the camera and the robot are on the field in one frame.
public struct FieldPoseEstimate: Hashable, Sendable {
    /// The camera's pose in field coordinates (WPILib camera body frame: X forward, Y left, Z up).
    public var fieldToCamera: Pose3
    /// The robot's pose in field coordinates (`fieldToCamera` moved back by the robot-to-camera transform).
    public var fieldToRobot: Pose3
    /// RMS reprojection error per coordinate of the corners used, pixels.
    public var reprojectionErrorPixels: Double
    /// Layout tags whose corners placed the camera, in detection order.
    public var tagsUsed: [Int]
    /// True when solved from two or more tags at once (SQPnP + Levenberg-Marquardt); false for one tag's best IPPE
    /// solution.
    public var isMultiTag: Bool
    /// The single tag's ambiguity (0 for multi-tag poses).
    public var ambiguity: Double
}
