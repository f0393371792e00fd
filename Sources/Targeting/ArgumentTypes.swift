import ArgumentParser
import Vision
import WireFormat

extension PipelineKind: ExpressibleByArgument {
    public static var allValueStrings: [String] { Self.configurable.map(\.rawValue) }

    public init?(argument: String) {
        guard let kind = Self(rawValue: argument), kind != .driver else { return nil }
        self = kind
    }
}

extension AprilTagConfiguration.Family: ExpressibleByArgument {}

/// `--robot-to-camera x,y,z,roll,pitch,yaw`, checked as the config file's `field.robot_to_camera` is.
extension RobotToCamera: ExpressibleByArgument {
    public init?(argument: String) {
        guard let parsed = try? RobotToCamera(commaSeparated: argument) else { return nil }
        self = parsed
    }
}
