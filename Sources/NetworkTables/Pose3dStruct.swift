import WireFormat

/// WPILib's `Pose3d` struct (wpimath `Pose3dStruct`): how AdvantageScope and robot code's `StructSubscriber`
/// read a 3D pose from NetworkTables.
///
/// A value is 56 bytes, little-endian doubles: translation x, y, z (metres), then the rotation's quaternion
/// w, x, y, z. The topic's type is `struct:Pose3d`; the schemas of it and its nested structs are published as
/// `structschema` topics under `/.schema/` (``schemas``), as WPILib does.
public enum Pose3dStruct {
    /// The NT4 type of a `Pose3d` topic.
    public static let type = NTType.structValue("Pose3d")
    /// Size of one packed pose.
    public static let size = 56

    /// Each schema topic WPILib publishes for `Pose3d`, nested structs first: topic name and schema text.
    public static let schemas: [(topic: String, schema: String)] = [
        ("/.schema/struct:Translation3d", "double x;double y;double z"),
        ("/.schema/struct:Quaternion", "double w;double x;double y;double z"),
        ("/.schema/struct:Rotation3d", "Quaternion q"),
        ("/.schema/struct:Pose3d", "Translation3d translation;Rotation3d rotation"),
    ]

    /// The 56 bytes of `pose`.
    public static func pack(_ pose: Transform3D) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.size)
        for value in [pose.x, pose.y, pose.z, pose.qw, pose.qx, pose.qy, pose.qz] {
            withUnsafeBytes(of: Double(value).bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
        }
        return bytes
    }
}
