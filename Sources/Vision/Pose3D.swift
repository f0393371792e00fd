/// A rigid pose of an object in camera coordinates (x right, y down, z forward; metres and a Rodrigues vector).
public struct Pose3D: Hashable, Sendable, Codable {
    /// Translation of the object's origin, metres.
    public var x: Double
    public var y: Double
    public var z: Double
    /// Rotation as a Rodrigues vector (axis times angle in radians).
    public var rotationX: Double
    public var rotationY: Double
    public var rotationZ: Double

    public init(x: Double, y: Double, z: Double, rotationX: Double = 0, rotationY: Double = 0, rotationZ: Double = 0) {
        self.x = x
        self.y = y
        self.z = z
        self.rotationX = rotationX
        self.rotationY = rotationY
        self.rotationZ = rotationZ
    }

    /// Straight-line distance from the camera to the object's origin, metres.
    public var distance: Double { (self.x * self.x + self.y * self.y + self.z * self.z).squareRoot() }
}
