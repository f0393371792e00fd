import Foundation
public import WireFormat

/// One readable line per tapped message, as `control tap` prints them.
public enum TapLine {
    /// A result: `#1234 reflective2019 targets 1 best id -1 yaw -8.02 pitch 0.00 dist 1.20 m  latency 4.1 ms`, then
    /// the field pose when one was solved (`field x 1.20 y 3.40 heading 90.0 multi-tag tags 1,2`); other messages
    /// name their type and sender. Values from the wire are printed as they are (non-finite ones as `nan`/`inf`).
    public static func describe(_ message: BusMessage) -> String {
        guard case .targetingResult(let result) = message.payload else {
            return "\(message.header.type) from \(message.header.sender) seq \(message.header.sequence)"
        }
        var parts = ["#\(result.frameNumber) \(result.pipeline) targets \(result.targets.count)"]
        if let best = result.bestTarget {
            parts.append(
                "best id \(best.id) yaw \(self.number(best.yawDegrees)) pitch \(self.number(best.pitchDegrees)) "
                    + "dist \(self.number(best.distanceMeters)) m"
            )
        }
        if let pose = result.fieldPose {
            let robot = pose.fieldToRobot
            parts.append(
                "field x \(self.number(robot.x)) y \(self.number(robot.y)) heading "
                    + String(format: "%.1f", robot.yawDegrees)
                    + (pose.isMultiTag ? " multi-tag" : " single-tag")
                    + " tags \(pose.tagIDs.map(String.init).joined(separator: ","))"
            )
        }
        parts.append(String(format: "latency %.1f ms", Double(result.pipelineLatencyMicroseconds) / 1000))
        return parts.joined(separator: "  ")
    }

    /// The note printed before a message when the tap missed some just before it.
    public static func missed(_ count: UInt64) -> String {
        "(missed \(count) message\(count == 1 ? "" : "s"))"
    }

    private static func number(_ value: Float) -> String {
        String(format: "%.2f", Double(value))
    }
}
