/// A position or displacement in metres (WPILib's `Translation3d`).
public struct Translation3: Hashable, Sendable {
    public var x: Double
    public var y: Double
    public var z: Double

    public init(x: Double, y: Double, z: Double) {
        self.x = x
        self.y = y
        self.z = z
    }

    public static let zero = Translation3(x: 0, y: 0, z: 0)

    /// Length of the vector, metres.
    public var norm: Double { (self.x * self.x + self.y * self.y + self.z * self.z).squareRoot() }

    /// Whether every component is finite.
    public var isFinite: Bool { self.x.isFinite && self.y.isFinite && self.z.isFinite }

    /// The vector turned by `rotation`.
    public func rotated(by rotation: Rotation3) -> Translation3 { rotation.matrix * self }

    /// Straight-line distance to `other`, metres.
    public func distance(to other: Translation3) -> Double { (other - self).norm }

    public static func + (a: Translation3, b: Translation3) -> Translation3 {
        Translation3(x: a.x + b.x, y: a.y + b.y, z: a.z + b.z)
    }

    public static func - (a: Translation3, b: Translation3) -> Translation3 {
        Translation3(x: a.x - b.x, y: a.y - b.y, z: a.z - b.z)
    }

    public static prefix func - (a: Translation3) -> Translation3 { Translation3(x: -a.x, y: -a.y, z: -a.z) }
}
