import Supervision
import Testing
import WireFormat

/// `control tap`'s line per message.
struct TapLineTests {
    static func message(_ result: TargetingResult, sequence: UInt64 = 0) -> BusMessage {
        BusMessage(
            header: MessageHeader(type: .targetingResult, sequence: sequence, sentAt: 0, sender: "targeting"),
            payload: .targetingResult(result)
        )
    }

    @Test func aResultShowsFramePipelineTargetsBestTargetAndLatency() {
        let result = TargetingResult(
            captureTime: 0, pipelineLatencyMicroseconds: 4_150, frameNumber: 1234, pipeline: .reflective2019,
            targets: [Target(yawDegrees: -8.016, pitchDegrees: 0.004, distanceMeters: 1.2), Target(distanceMeters: 3)]
        )
        #expect(
            TapLine.describe(Self.message(result))
                == "#1234 reflective2019 targets 2  best id -1 yaw -8.02 pitch 0.00 dist 1.20 m  latency 4.2 ms"
        )
    }

    @Test func aResultWithoutTargetsShowsNoBestTarget() {
        let result = TargetingResult(captureTime: 0, pipelineLatencyMicroseconds: 900, frameNumber: 7, pipeline: .apriltag)
        #expect(TapLine.describe(Self.message(result)) == "#7 apriltag targets 0  latency 0.9 ms")
    }

    @Test func theFieldPoseIsShownWhenSolved() {
        let robot = Transform3D(x: 1.5, y: 3.25, z: 0, rollDegrees: 0, pitchDegrees: 0, yawDegrees: 90)
        let pose = FieldPose(
            fieldToCamera: robot, fieldToRobot: robot, reprojectionErrorPixels: 0.3, isMultiTag: true, tagIDs: [3, 5]
        )
        let result = TargetingResult(
            captureTime: 0, pipelineLatencyMicroseconds: 12_000, frameNumber: 2, pipeline: .apriltag,
            targets: [Target(id: 3, distanceMeters: 2)], fieldPose: pose
        )
        #expect(
            TapLine.describe(Self.message(result))
                == "#2 apriltag targets 1  best id 3 yaw 0.00 pitch 0.00 dist 2.00 m  "
                + "field x 1.50 y 3.25 heading 90.0 multi-tag tags 3,5  latency 12.0 ms"
        )
    }

    @Test func otherMessagesNameTheirTypeAndSender() {
        let message = BusMessage(
            header: MessageHeader(type: .stop, sequence: 9, sentAt: 0, sender: "control"),
            payload: .stop(StopRequest(stopID: 1))
        )
        #expect(TapLine.describe(message).hasSuffix("from control seq 9"))
    }

    @Test func missedMessagesAreCountedInWords() {
        #expect(TapLine.missed(1) == "(missed 1 message)")
        #expect(TapLine.missed(3) == "(missed 3 messages)")
    }
}
