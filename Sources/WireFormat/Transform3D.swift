#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A rigid transform in WPILib's conventions: a translation in metres and a rotation as a unit quaternion.
///
/// Camera frames are WPILib's camera body frame (X forward, Y left, Z up); the field frame has its origin at the
/// blue alliance wall corner (X toward the red wall, Y left, Z up). Wire layout (28 bytes): `f32` x, y, z, then
/// `f32` quaternion w, x, y, z.
public struct Transform3D: Hashable, Sendable {
    /// Translation, metres.
    public var x: Float
    public var y: Float
    public var z: Float
    /// Rotation quaternion (w first, as WPILib's `Quaternion`).
    public var qw: Float
    public var qx: Float
    public var qy: Float
    public var qz: Float

    public init(x: Float, y: Float, z: Float, qw: Float = 1, qx: Float = 0, qy: Float = 0, qz: Float = 0) {
        self.x = x
        self.y = y
        self.z = z
        self.qw = qw
        self.qx = qx
        self.qy = qy
        self.qz = qz
    }

    /// A transform from a translation in metres and WPILib's `Rotation3d(roll, pitch, yaw)` in degrees: extrinsic
    /// rotations about X (roll), then Y (pitch), then Z (yaw), i.e. R = Rz(yaw) · Ry(pitch) · Rx(roll).
    public init(x: Double, y: Double, z: Double, rollDegrees: Double, pitchDegrees: Double, yawDegrees: Double) {
        let half = Double.pi / 360  // degrees to half-angle radians
        let (sr, cr) = (sin(rollDegrees * half), cos(rollDegrees * half))
        let (sp, cp) = (sin(pitchDegrees * half), cos(pitchDegrees * half))
        let (sy, cy) = (sin(yawDegrees * half), cos(yawDegrees * half))
        self.init(
            x: Float(x), y: Float(y), z: Float(z),
            qw: Float(cr * cp * cy + sr * sp * sy),
            qx: Float(sr * cp * cy - cr * sp * sy),
            qy: Float(cr * sp * cy + sr * cp * sy),
            qz: Float(cr * cp * sy - sr * sp * cy)
        )
    }

    /// The rotation's yaw (about Z, counter-clockwise seen from above), degrees in -180...180: a robot's heading
    /// when this is its pose on the field.
    public var yawDegrees: Double {
        let (w, x, y, z) = (Double(self.qw), Double(self.qx), Double(self.qy), Double(self.qz))
        return atan2(2 * (w * z + x * y), 1 - 2 * (y * y + z * z)) * 180 / .pi
    }

    /// Size on the wire.
    static let encodedSize = 28

    @inline(__always)
    func encode(into writer: inout ByteWriter) {
        writer.write(self.x)
        writer.write(self.y)
        writer.write(self.z)
        writer.write(self.qw)
        writer.write(self.qx)
        writer.write(self.qy)
        writer.write(self.qz)
    }

    /// Decodes a transform; `translation` and `rotation` name its fields in errors.
    init(
        decoding reader: inout ByteReader, translation: StaticString, rotation: StaticString
    ) throws(WireFormatError) {
        self.x = try reader.readFloat(translation, limit: FloatLimit.meters)
        self.y = try reader.readFloat(translation, limit: FloatLimit.meters)
        self.z = try reader.readFloat(translation, limit: FloatLimit.meters)
        (self.qw, self.qx, self.qy, self.qz) = try reader.readQuaternion(rotation)
    }

    /// Checks an encoded transform in place as ``init(decoding:translation:rotation:)`` does (see ``FrameCheck``).
    @inline(__always)
    static func check(_ check: inout FrameCheck) -> Bool {
        guard check.has(Self.encodedSize) else { return false }
        check.float(at: 0, limit: FloatLimit.meters)
        check.float(at: 4, limit: FloatLimit.meters)
        check.float(at: 8, limit: FloatLimit.meters)
        check.quaternion(at: 12)
        check.skip(Self.encodedSize)
        return true
    }
}
