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

    /// Size on the wire.
    static let encodedSize = 28

    func encode(into writer: inout ByteWriter) {
        writer.write(self.x)
        writer.write(self.y)
        writer.write(self.z)
        writer.write(self.qw)
        writer.write(self.qx)
        writer.write(self.qy)
        writer.write(self.qz)
    }

    init(decoding reader: inout ByteReader) throws(WireFormatError) {
        self.x = try reader.readFloat()
        self.y = try reader.readFloat()
        self.z = try reader.readFloat()
        self.qw = try reader.readFloat()
        self.qx = try reader.readFloat()
        self.qy = try reader.readFloat()
        self.qz = try reader.readFloat()
    }
}
