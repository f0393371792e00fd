import Foundation
import Testing
import Vision
import WireFormat

/// Renders the 2019 target at known poses with a real lens model and checks that the pipeline recovers them.
@Suite("Reflective 2019 pipeline on synthetic renders")
struct SyntheticPoseTests {
    static let distances = [0.6, 1.0, 1.5, 2.0, 2.5, 3.0]
    static let yaws = [-15.0, -7.5, 0, 7.5, 15]
    static let skews = [-30.0, -15, 0, 15, 30]

    /// Whether the whole target (about 0.37 m wide) stays inside the 640 px frame with a 10 px margin.
    static func inView(_ pose: SyntheticTargetPose, _ c: CameraCalibration) -> Bool {
        let centre = c.cx + c.fx * tan(pose.yawDegrees * .pi / 180)
        let halfWidth = c.fx * 0.19 / (pose.distanceMeters * cos(pose.yawDegrees * .pi / 180) * 0.9)
        return centre - halfWidth > 10 && centre + halfWidth < Double(c.width) - 10
    }

    @Test(arguments: distances)
    func recoversDistanceWithin2PercentAndYawWithin1Degree(distance: Double) throws {
        let calibration = TestData.lifecam480p
        let pipeline = try Reflective2019Pipeline(calibration: calibration)
        let frame = try Frame()
        var checked = 0
        var worstDistance = 0.0
        var worstYaw = 0.0
        for yaw in Self.yaws {
            for skew in Self.skews {
                for pitch in [-4.0, 4.0] {
                    let pose = SyntheticTargetPose(
                        distanceMeters: distance, yawDegrees: yaw, pitchDegrees: pitch, skewDegrees: skew
                    )
                    guard Self.inView(pose, calibration) else { continue }
                    checked += 1
                    try frame.renderTarget2019(at: pose, calibration: calibration)
                    let target = try pipeline.process(frame)
                    try #require(target.found, "not found at \(pose)")
                    let distanceError = abs(target.distanceMeters - distance) / distance
                    worstDistance = max(worstDistance, distanceError)
                    worstYaw = max(worstYaw, abs(target.yawDegrees - yaw))
                    #expect(distanceError <= 0.02, "distance \(target.distanceMeters) at \(pose)")
                    #expect(abs(target.yawDegrees - yaw) <= 1, "yaw \(target.yawDegrees) at \(pose)")
                    #expect(abs(target.pitchDegrees - pitch) <= 1, "pitch \(target.pitchDegrees) at \(pose)")
                }
            }
        }
        print(String(format: "synthetic %.1f m: %d poses, worst distance error %.2f %%, worst yaw error %.2f deg",
                     distance, checked, 100 * worstDistance, worstYaw))
        #expect(checked >= 10, "only \(checked) poses in view at \(distance) m")
    }

    @Test func skewSignFollowsTheTargetRotation() throws {
        let calibration = TestData.lifecam480p
        let pipeline = try Reflective2019Pipeline(calibration: calibration)
        let frame = try Frame()
        for skew in [-35.0, 35.0] {
            try frame.renderTarget2019(at: SyntheticTargetPose(distanceMeters: 1.0, skewDegrees: skew), calibration: calibration)
            let target = try pipeline.process(frame)
            try #require(target.found)
            #expect(abs(target.skewDegrees - skew) < 8, "skew \(target.skewDegrees) for \(skew)")
        }
    }

    @Test func emptySceneIsNotFound() throws {
        let calibration = TestData.lifecam480p
        let pipeline = try Reflective2019Pipeline(calibration: calibration)
        let frame = try Frame(width: 640, height: 480)
        try frame.fill(.black)
        #expect(try pipeline.process(frame).found == false)
        // A single tape is not a target.
        try frame.fillPolygon(
            [.init(x: 300, y: 200), .init(x: 320, y: 205), .init(x: 305, y: 260), .init(x: 285, y: 255)],
            color: Color(red: 40, green: 255, blue: 140)
        )
        #expect(try pipeline.process(frame).found == false)
    }
}
