import ArgumentParser
import Vision
import WireFormat

extension PipelineKind: ExpressibleByArgument {}

extension AprilTagConfiguration.Family: ExpressibleByArgument {}

/// `--robot-to-camera x,y,z,roll,pitch,yaw`, checked as the config file's `field.robot_to_camera` is.
extension RobotToCamera: ExpressibleByArgument {
    public init?(argument: String) {
        guard let parsed = try? RobotToCamera(commaSeparated: argument) else { return nil }
        self = parsed
    }
}
