/// Field localization settings (`field` in `targeting.yml`): which AprilTag field layout the robot plays on and
/// where the camera sits on the robot. With an empty ``layout`` no field pose is solved.
public struct FieldConfiguration: Codable, Sendable, Hashable {
    /// A WPILib field layout's name (such as `2026-rebuilt-welded`) or the path of a layout JSON in WPILib's
    /// format; empty: no field localization.
    public var layout: String
    /// The camera's place on the robot.
    public var robotToCamera: RobotToCamera

    public init(layout: String = "", robotToCamera: RobotToCamera = .init()) {
        self.layout = layout
        self.robotToCamera = robotToCamera
    }

    /// Whether a field pose is to be solved.
    public var isEnabled: Bool { !self.layout.isEmpty }

    /// Checks the robot-to-camera transform (see ``RobotToCamera/validate()``); the layout itself is checked when
    /// it is loaded.
    /// - Throws: ``VisionError/invalidArgument(_:)`` with a one-line message naming the key (`field.…`).
    public func validate() throws(VisionError) {
        do {
            try self.robotToCamera.validate()
        } catch {
            guard case .invalidArgument(let message) = error else { throw error }
            throw .invalidArgument("field.\(message)")
        }
    }
}
