import Foundation

/// A 3D rotation stored as a unit quaternion (WPILib's `Rotation3d`; W, X, Y, Z as in WPILib's JSON).
public struct Rotation3: Hashable, Sendable {
    public let w: Double
    public let x: Double
    public let y: Double
    public let z: Double

    /// The rotation of a quaternion, normalized; nil when a component is not finite or the quaternion is zero.
    public init?(w: Double, x: Double, y: Double, z: Double) {
        let norm = (w * w + x * x + y * y + z * z).squareRoot()
        guard w.isFinite, x.isFinite, y.isFinite, z.isFinite, norm.isFinite, norm > 1e-12 else { return nil }
        self.init(unit: w / norm, x / norm, y / norm, z / norm)
    }

    private init(unit w: Double, _ x: Double, _ y: Double, _ z: Double) {
        self.w = w
        self.x = x
        self.y = y
        self.z = z
    }

    public static let identity = Rotation3(unit: 1, 0, 0, 0)

    /// WPILib's `Rotation3d(roll, pitch, yaw)`: extrinsic rotations about X (roll), then Y (pitch), then Z (yaw),
    /// in degrees. Positive pitch turns X toward -Z (nose down); positive yaw turns X toward +Y (left).
    public init(rollDegrees: Double, pitchDegrees: Double, yawDegrees: Double) {
        let (sr, cr) = (sin(rollDegrees * .pi / 360), cos(rollDegrees * .pi / 360))
        let (sp, cp) = (sin(pitchDegrees * .pi / 360), cos(pitchDegrees * .pi / 360))
        let (sy, cy) = (sin(yawDegrees * .pi / 360), cos(yawDegrees * .pi / 360))
        self.init(
            unit: cr * cp * cy + sr * sp * sy, sr * cp * cy - cr * sp * sy, cr * sp * cy + sr * cp * sy,
            cr * cp * sy - sr * sp * cy
        )
    }

    /// The rotation of a rotation vector (unit axis times angle in radians, as OpenCV's Rodrigues vectors).
    public init(rotationVector v: Translation3) {
        let angle = v.norm
        guard angle > 1e-15 else {
            self = .identity
            return
        }
        let s = sin(angle / 2) / angle
        self.init(unit: cos(angle / 2), v.x * s, v.y * s, v.z * s)
    }

    /// The rotation of an orthonormal matrix (Shepperd's method).
    init(matrix m: Matrix3) {
        let trace = m[0, 0] + m[1, 1] + m[2, 2]
        let w: Double
        let x: Double
        let y: Double
        let z: Double
        if trace > 0 {
            let s = 0.5 / (trace + 1).squareRoot()
            (w, x, y, z) = (0.25 / s, (m[2, 1] - m[1, 2]) * s, (m[0, 2] - m[2, 0]) * s, (m[1, 0] - m[0, 1]) * s)
        } else if m[0, 0] > m[1, 1], m[0, 0] > m[2, 2] {
            let s = 2 * (1 + m[0, 0] - m[1, 1] - m[2, 2]).squareRoot()
            (w, x, y, z) = ((m[2, 1] - m[1, 2]) / s, 0.25 * s, (m[0, 1] + m[1, 0]) / s, (m[0, 2] + m[2, 0]) / s)
        } else if m[1, 1] > m[2, 2] {
            let s = 2 * (1 + m[1, 1] - m[0, 0] - m[2, 2]).squareRoot()
            (w, x, y, z) = ((m[0, 2] - m[2, 0]) / s, (m[0, 1] + m[1, 0]) / s, 0.25 * s, (m[1, 2] + m[2, 1]) / s)
        } else {
            let s = 2 * (1 + m[2, 2] - m[0, 0] - m[1, 1]).squareRoot()
            (w, x, y, z) = ((m[1, 0] - m[0, 1]) / s, (m[0, 2] + m[2, 0]) / s, (m[1, 2] + m[2, 1]) / s, 0.25 * s)
        }
        let norm = (w * w + x * x + y * y + z * z).squareRoot()
        self.init(unit: w / norm, x / norm, y / norm, z / norm)
    }

    /// The rotation matrix (columns are the rotated frame's axes).
    var matrix: Matrix3 {
        let (w, x, y, z) = (self.w, self.x, self.y, self.z)
        return Matrix3(
            1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y),
            2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x),
            2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)
        )
    }

    /// The opposite rotation.
    public var inverse: Rotation3 { Rotation3(unit: self.w, -self.x, -self.y, -self.z) }

    /// WPILib's `rotateBy`: this rotation followed by `other` (about the fixed axes).
    public func rotated(by other: Rotation3) -> Rotation3 { other * self }

    /// The rotation angle, radians (0...pi).
    public var angle: Double {
        2 * atan2((self.x * self.x + self.y * self.y + self.z * self.z).squareRoot(), abs(self.w))
    }

    /// The angle of the rotation that takes this one to `other`, radians (0...pi).
    public func angle(to other: Rotation3) -> Double { (self.inverse * other).angle }

    /// The rotation vector (unit axis times angle in radians).
    public var rotationVector: Translation3 {
        let sign: Double = self.w < 0 ? -1 : 1
        let s = (self.x * self.x + self.y * self.y + self.z * self.z).squareRoot()
        guard s > 1e-15 else { return Translation3(x: 2 * self.x * sign, y: 2 * self.y * sign, z: 2 * self.z * sign) }
        let k = self.angle / s * sign
        return Translation3(x: self.x * k, y: self.y * k, z: self.z * k)
    }

    /// Roll, pitch and yaw (WPILib's extrinsic X, Y, Z angles), degrees.
    public var rollPitchYawDegrees: (roll: Double, pitch: Double, yaw: Double) {
        let (w, x, y, z) = (self.w, self.x, self.y, self.z)
        let roll = atan2(2 * (w * x + y * z), 1 - 2 * (x * x + y * y))
        let pitch = asin(max(-1, min(1, 2 * (w * y - z * x))))
        let yaw = atan2(2 * (w * z + x * y), 1 - 2 * (y * y + z * z))
        return (roll * 180 / .pi, pitch * 180 / .pi, yaw * 180 / .pi)
    }

    /// The Hamilton product: `b` applied first, then `a`.
    static func * (a: Rotation3, b: Rotation3) -> Rotation3 {
        Rotation3(
            unit: a.w * b.w - a.x * b.x - a.y * b.y - a.z * b.z,
            a.w * b.x + a.x * b.w + a.y * b.z - a.z * b.y,
            a.w * b.y - a.x * b.z + a.y * b.w + a.z * b.x,
            a.w * b.z + a.x * b.y - a.y * b.x + a.z * b.w
        ).normalized
    }

    private var normalized: Rotation3 {
        let norm = (self.w * self.w + self.x * self.x + self.y * self.y + self.z * self.z).squareRoot()
        return Rotation3(unit: self.w / norm, self.x / norm, self.y / norm, self.z / norm)
    }
}
