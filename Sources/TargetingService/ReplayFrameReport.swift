import WireFormat

/// One line of `targeting replay`: a recorded frame's result next to the replayed one.
struct ReplayFrameReport: Encodable {
    /// What one result saw: target ids (best first), the best target's `[yaw, pitch, distance]` (degrees, metres) and
    /// the robot's field pose `[x, y, z, yaw degrees]`, if solved.
    struct Seen: Encodable, Equatable {
        var ids: [Int16]
        var best: [Float]?
        var fieldPose: [Double]?

        init(_ result: TargetingResult) {
            self.ids = result.targets.map(\.id)
            self.best = result.bestTarget.map { [$0.yawDegrees, $0.pitchDegrees, $0.distanceMeters] }
            self.fieldPose = result.fieldPose.map {
                [Double($0.fieldToRobot.x), Double($0.fieldToRobot.y), Double($0.fieldToRobot.z), $0.fieldToRobot.yawDegrees]
            }
        }
    }

    var frame: UInt64
    var videoIndex: Int
    var recorded: Seen
    var replayed: Seen
    /// Whether the targets (every field) and the field pose are bit-identical.
    var identical: Bool
    /// How far the pose moved, metres: the field pose's translation, else the best target's camera-to-target
    /// translation, else its distance; `nil` when either result lacks them or the best targets differ.
    var poseChangeMeters: Double?
    /// How far the best target's yaw moved, degrees; `nil` when the best targets differ.
    var yawChangeDegrees: Double?

    init(frame: UInt64, videoIndex: Int, recorded: TargetingResult, replayed: TargetingResult) {
        self.frame = frame
        self.videoIndex = videoIndex
        self.recorded = Seen(recorded)
        self.replayed = Seen(replayed)
        self.identical = recorded.targets == replayed.targets && recorded.fieldPose == replayed.fieldPose
        self.poseChangeMeters = Self.poseChange(recorded, replayed)
        if let first = recorded.bestTarget, let second = replayed.bestTarget, first.id == second.id {
            self.yawChangeDegrees = Double(abs(first.yawDegrees - second.yawDegrees))
        }
    }

    private static func poseChange(_ a: TargetingResult, _ b: TargetingResult) -> Double? {
        if let first = a.fieldPose?.fieldToRobot, let second = b.fieldPose?.fieldToRobot {
            return Self.distance(first, second)
        }
        guard let first = a.bestTarget, let second = b.bestTarget, first.id == second.id else { return nil }
        if let one = first.bestPose?.cameraToTarget, let other = second.bestPose?.cameraToTarget {
            return Self.distance(one, other)
        }
        return Double(abs(first.distanceMeters - second.distanceMeters))
    }

    private static func distance(_ a: Transform3D, _ b: Transform3D) -> Double {
        let (dx, dy, dz) = (Double(a.x - b.x), Double(a.y - b.y), Double(a.z - b.z))
        return (dx * dx + dy * dy + dz * dz).squareRoot()
    }
}
