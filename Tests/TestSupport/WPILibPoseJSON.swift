public import Foundation

/// A pose in WPILib's JSON form (`Pose3d`): what the renderer, `targeting eval` and the Python decoder write.
public struct WPILibPoseJSON: Decodable, Sendable {
    public struct Translation: Decodable, Sendable { public var x, y, z: Double }
    public struct Quaternion: Decodable, Sendable {
        public var w, x, y, z: Double
        enum CodingKeys: String, CodingKey {
            case w = "W"
            case x = "X"
            case y = "Y"
            case z = "Z"
        }
    }
    public struct Rotation: Decodable, Sendable { public var quaternion: Quaternion }
    public var translation: Translation
    public var rotation: Rotation

    /// Reads a pose from a JSON object decoded by `JSONSerialization`.
    public init(json: Any?) throws {
        guard let json else { throw TestFailure("no pose") }
        self = try JSONDecoder().decode(Self.self, from: JSONSerialization.data(withJSONObject: json))
    }

    /// Metres between the two positions.
    public func distance(to other: WPILibPoseJSON) -> Double {
        let (a, b) = (self.translation, other.translation)
        return ((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y) + (a.z - b.z) * (a.z - b.z)).squareRoot()
    }

    /// The field position of `point` ([x, y, z] in metres) given in this pose's frame: t + q point q*.
    public func apply(_ point: [Double]) -> [Double] {
        let q = self.rotation.quaternion
        let (w, x, y, z) = (q.w, q.x, q.y, q.z)
        let r = [
            [1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y)],
            [2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x)],
            [2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)],
        ]
        let t = [self.translation.x, self.translation.y, self.translation.z]
        return (0..<3).map { i in t[i] + (0..<3).reduce(0) { $0 + r[i][$1] * point[$1] } }
    }

    /// Degrees of the rotation between the two orientations.
    public func angleDegrees(to other: WPILibPoseJSON) -> Double {
        let (a, b) = (self.rotation.quaternion, other.rotation.quaternion)
        let dot = abs(a.w * b.w + a.x * b.x + a.y * b.y + a.z * b.z)
        let norms = (a.w * a.w + a.x * a.x + a.y * a.y + a.z * a.z).squareRoot()
            * (b.w * b.w + b.x * b.x + b.y * b.y + b.z * b.z).squareRoot()
        return 2 * acos(min(1, dot / norms)) * 180 / .pi
    }
}
