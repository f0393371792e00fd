import Foundation
public import WireFormat

/// Where the camera sits on the robot (`field.robot_to_camera` in `targeting.yml`, `--robot-to-camera` of
/// `targeting eval`): a translation in metres from the robot's origin, and the camera's roll, pitch and yaw in
/// degrees, in WPILib's robot frame (X forward, Y left, Z up; pitch negative when the camera looks up).
public struct RobotToCamera: Codable, Sendable, Hashable {
    /// The farthest a camera may be from the robot's origin on each axis, metres.
    public static let maxTranslationMeters = 10.0
    /// The largest angle accepted, degrees.
    public static let maxAngleDegrees = 360.0

    public var xMeters: Double
    public var yMeters: Double
    public var zMeters: Double
    public var rollDegrees: Double
    public var pitchDegrees: Double
    public var yawDegrees: Double

    public init(
        xMeters: Double = 0, yMeters: Double = 0, zMeters: Double = 0, rollDegrees: Double = 0,
        pitchDegrees: Double = 0, yawDegrees: Double = 0
    ) {
        self.xMeters = xMeters
        self.yMeters = yMeters
        self.zMeters = zMeters
        self.rollDegrees = rollDegrees
        self.pitchDegrees = pitchDegrees
        self.yawDegrees = yawDegrees
    }

    /// Parses `x,y,z,roll,pitch,yaw` (metres, then degrees) and checks it as ``validate()`` does.
    /// - Throws: ``VisionError/invalidArgument(_:)`` naming what is wrong.
    public init(commaSeparated text: String) throws(VisionError) {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 6 else {
            throw .invalidArgument("robot-to-camera needs 6 comma-separated numbers x,y,z,roll,pitch,yaw, not `\(text)`")
        }
        var values: [Double] = []
        for part in parts {
            guard let value = Double(part) else {
                throw .invalidArgument("robot-to-camera value `\(part)` is not a number")
            }
            values.append(value)
        }
        self.init(
            xMeters: values[0], yMeters: values[1], zMeters: values[2], rollDegrees: values[3], pitchDegrees: values[4],
            yawDegrees: values[5])
        try self.validate()
    }

    /// Checks that every value is finite, the translation within ``maxTranslationMeters`` and the angles within
    /// ±``maxAngleDegrees``.
    /// - Throws: ``VisionError/invalidArgument(_:)`` naming the first bad value (by its config key).
    public func validate() throws(VisionError) {
        let translation = [("x_meters", self.xMeters), ("y_meters", self.yMeters), ("z_meters", self.zMeters)]
        for (key, value) in translation where !(value.isFinite && abs(value) <= Self.maxTranslationMeters) {
            throw .invalidArgument("robot_to_camera.\(key) is \(value); it must be a finite number of metres within ±10")
        }
        let angles = [("roll_degrees", self.rollDegrees), ("pitch_degrees", self.pitchDegrees), ("yaw_degrees", self.yawDegrees)]
        for (key, value) in angles where !(value.isFinite && abs(value) <= Self.maxAngleDegrees) {
            throw .invalidArgument("robot_to_camera.\(key) is \(value); it must be a finite number of degrees within ±360")
        }
    }

    /// The robot-to-camera transform (WPILib's `Transform3d(Translation3d(x, y, z), Rotation3d(roll, pitch, yaw))`).
    public var transform: Transform3D {
        Transform3D(
            x: self.xMeters, y: self.yMeters, z: self.zMeters, rollDegrees: self.rollDegrees,
            pitchDegrees: self.pitchDegrees, yawDegrees: self.yawDegrees)
    }
}
