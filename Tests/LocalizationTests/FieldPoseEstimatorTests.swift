import Foundation
import Localization
import Testing
import Vision
import WireFormat

@Suite struct FieldPoseEstimatorTests {
    static let calibration = CameraCalibration(
        width: 1280, height: 720, fx: 910, fy: 905, cx: 643.2, cy: 357.9, distortion: [-0.11, 0.06, 0.0004, -0.0003, 0]
    )

    /// Eight tags on a wall at x = 6 facing the field origin (yaw 180), two rows of four.
    static let wall: FieldLayout = {
        var entries: [String] = []
        for index in 0..<8 {
            let y = 3.0 + Double(index % 4) * 0.6
            let z = index < 4 ? 0.6 : 1.2
            entries.append(
                #"{"ID": \#(index + 1), "pose": {"translation": {"x": 6, "y": \#(y), "z": \#(z)}, "#
                    + #""rotation": {"quaternion": {"W": 0, "X": 0, "Y": 0, "Z": 1}}}}"#
            )
        }
        let json = #"{"tags": [\#(entries.joined(separator: ", "))], "field": {"length": 16.5, "width": 8}}"#
        return try! FieldLayout.parse(Data(json.utf8))
    }()

    static let camera = SyntheticCamera(
        calibration: calibration,
        fieldToCamera: Pose3(
            translation: Translation3(x: 2.5, y: 4.1, z: 0.7),
            rotation: Rotation3(rollDegrees: 2, pitchDegrees: -8, yawDegrees: 6)
        )
    )

    static let robotToCamera = Transform3(
        translation: Translation3(x: 0.3, y: -0.2, z: 0.5),
        rotation: Rotation3(rollDegrees: 2, pitchDegrees: -8, yawDegrees: 6)
    )

    @Test func multiTagRecoversTheExactPose() throws {
        let estimator = try FieldPoseEstimator(
            layout: Self.wall, calibration: Self.calibration, robotToCamera: Self.robotToCamera)
        let tags = (1...8).compactMap { Self.camera.observe($0, in: Self.wall) }
        try #require(tags.count == 8)
        let result = estimator.estimate(tags)
        let pose = try #require(result.fieldPose)
        #expect(pose.isMultiTag && pose.tagsUsed == Array(1...8) && pose.ambiguity == 0)
        #expect(pose.fieldToCamera.translation.distance(to: Self.camera.fieldToCamera.translation) < 1e-4)
        #expect(pose.fieldToCamera.rotation.angle(to: Self.camera.fieldToCamera.rotation) < 1e-5)
        #expect(pose.reprojectionErrorPixels < 1e-3)
        // robotToCamera has the camera's rotation: the robot is level, at the camera minus its offset (by hand).
        #expect(pose.fieldToRobot.translation.distance(to: Translation3(x: 2.2, y: 4.3, z: 0.2)) < 1e-4)
        let robotBack = pose.fieldToRobot.transformed(by: Self.robotToCamera)
        #expect(robotBack.translation.distance(to: pose.fieldToCamera.translation) < 1e-9)
        #expect(pose.fieldToRobot.rotation.angle < 1e-5)
        #expect(result.tags.count == 8 && result.tags.allSatisfy(\.isInLayout))
    }

    @Test func singleTagPosesAndAmbiguity() throws {
        let estimator = try FieldPoseEstimator(layout: Self.wall, calibration: Self.calibration)
        // Oblique view from close: IPPE's two solutions differ clearly, the true one has ~0 error.
        let oblique = SyntheticCamera(
            calibration: Self.calibration,
            fieldToCamera: Pose3(
                translation: Translation3(x: 5.0, y: 2.6, z: 0.6),
                rotation: Rotation3(rollDegrees: 0, pitchDegrees: 0, yawDegrees: 25)
            )
        )
        let tag = try #require(oblique.observe(1, in: Self.wall))
        let result = estimator.estimate([tag])
        let solutions = try #require(result.tags.first)
        let fieldPose = try #require(result.fieldPose)
        #expect(!fieldPose.isMultiTag && fieldPose.tagsUsed == [1])
        #expect(fieldPose.fieldToCamera.translation.distance(to: oblique.fieldToCamera.translation) < 1e-3)
        #expect(fieldPose.ambiguity == solutions.ambiguity)
        #expect(solutions.alternate != nil)
        #expect(solutions.ambiguity < 0.05, "ambiguity \(solutions.ambiguity)")
        #expect(solutions.bestErrorPixels <= solutions.alternateErrorPixels ?? 0)
        // Camera-to-tag (WPILib camera frame): the tag is ahead (X > 0) and to the right (Y < 0) at ~1.1 m.
        let fieldTag = try #require(Self.wall.pose(ofTag: 1))
        let expected = fieldTag.relative(to: oblique.fieldToCamera)
        #expect(solutions.best.translation.distance(to: expected.translation) < 1e-3)
        #expect(solutions.best.rotation.angle(to: expected.rotation) < 1e-3)
        #expect(abs(solutions.distanceMeters - expected.translation.norm) < 1e-3)

        // Far and head-on with a tenth of a pixel of corner noise: the two solutions fit about equally well.
        let headOn = SyntheticCamera(
            calibration: Self.calibration,
            fieldToCamera: Pose3(translation: Translation3(x: 1.0, y: 3.0, z: 0.6), rotation: .identity)
        )
        var corners = try #require(headOn.observe(1, in: Self.wall)).corners
        let noise: [Float] = [0.1, -0.1, -0.1, 0.1]
        for index in corners.indices {
            corners[index].x += noise[index]
            corners[index].y -= noise[(index + 1) % 4]
        }
        let noisy = try #require(TagObservation(id: 1, corners: corners))
        let far = estimator.estimate([noisy])
        let farSolutions = try #require(far.tags.first)
        #expect(farSolutions.ambiguity > 0.2, "ambiguity \(farSolutions.ambiguity)")
        #expect(farSolutions.ambiguity > solutions.ambiguity)
    }

    @Test func tagsOutsideTheLayoutAreReportedButNotUsed() throws {
        let estimator = try FieldPoseEstimator(layout: Self.wall, calibration: Self.calibration)
        let inLayout = try #require(Self.camera.observe(2, in: Self.wall))
        let third = try #require(Self.camera.observe(3, in: Self.wall))
        let stranger = try #require(TagObservation(id: 99, corners: third.corners))
        let result = estimator.estimate([stranger, inLayout])
        #expect(result.tags.map(\.id) == [99, 2])
        #expect(result.tags.map(\.isInLayout) == [false, true])
        let pose = try #require(result.fieldPose)
        #expect(!pose.isMultiTag && pose.tagsUsed == [2])

        let none = estimator.estimate([stranger])
        #expect(none.fieldPose == nil && none.tags.count == 1)
        #expect(estimator.estimate([]).fieldPose == nil)
        // A collapsed tag (all corners on one point) is reported as unsolved, never a pose.
        let point = ImagePoint(x: 100, y: 100)
        let collapsed = try #require(TagObservation(id: 1, corners: [point, point, point, point]))
        let degenerate = estimator.estimate([collapsed])
        #expect(degenerate.fieldPose == nil)
        #expect(degenerate.unsolvedTagIDs == [1] || degenerate.tags.count == 1)
    }

    @Test func rejectsBadSettings() {
        #expect(throws: LocalizationError.self) {
            try FieldPoseEstimator(layout: Self.wall, calibration: Self.calibration, tagSizeMeters: 0)
        }
        let notFinite = Transform3(translation: Translation3(x: .nan, y: 0, z: 0), rotation: .identity)
        #expect(throws: LocalizationError.self) {
            try FieldPoseEstimator(layout: Self.wall, calibration: Self.calibration, robotToCamera: notFinite)
        }
        #expect(TagObservation(id: 1, corners: [ImagePoint(x: 0, y: 0)]) == nil)
        #expect(TagObservation(id: 1, corners: Array(repeating: ImagePoint(x: .nan, y: 0), count: 4)) == nil)
    }

    /// Time of one frame's estimate with 8 layout tags (8 IPPE solves + the multi-tag SQPnP + LM), and of the
    /// multi-tag part alone (estimate minus the single-tag solves measured on one tag per frame).
    @Test func timingWithEightTags() throws {
        let estimator = try FieldPoseEstimator(layout: Self.wall, calibration: Self.calibration)
        let tags = (1...8).compactMap { Self.camera.observe($0, in: Self.wall) }
        try #require(tags.count == 8)
        var result = LocalizationResult()
        func median(_ body: () -> Void) -> Double {
            var times: [Double] = []
            for _ in 0..<300 {
                let start = ContinuousClock.now
                body()
                let elapsed = ContinuousClock.now - start
                times.append(Double(elapsed.components.attoseconds) / 1e12 + Double(elapsed.components.seconds) * 1e6)
            }
            return times.sorted()[times.count / 2]
        }
        let all = median { estimator.estimate(tags, into: &result) }
        let one = median { estimator.estimate([tags[0]], into: &result) }
        let multi = all - 8 * one
        print(
            String(
                format: "localization timing (8 tags): estimate %.1f us per frame, single-tag solve %.1f us, "
                    + "multi-tag part about %.1f us", all, one, multi))
        #expect(result.fieldPose != nil)
        #expect(all < 20_000)  // a loose bound for debug builds on a loaded machine; the release figure is reported
    }
}
