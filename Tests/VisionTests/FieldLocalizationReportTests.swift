import TestSupport
import Foundation
import Testing
import WireFormat

@testable import Vision

/// What a ``FieldLocalizer``'s answer becomes: the wire result's targets and field pose, and `targeting eval`'s
/// `tags` and `field_pose` keys. A fake localizer stands in for the solver.
struct FieldLocalizationReportTests {
    /// Answers with fixed solutions for tags 7 and 8 (tag 99 is not in its "layout") and records its calls.
    final class FakeLocalizer: FieldLocalizer {
        private(set) var calls: [(ids: [Int], width: Int, height: Int)] = []

        static let fieldPose = FieldPose(
            fieldToCamera: Transform3D(x: 1.5, y: 2.25, z: 0.5, qw: 0.5, qx: -0.5, qy: 0.5, qz: -0.5),
            fieldToRobot: Transform3D(x: 1.25, y: 2.25, z: 0),
            reprojectionErrorPixels: 0.375, isMultiTag: true, tagIDs: [7, 8])

        static func solutions(distance: Float) -> TagPoseSolutions {
            TagPoseSolutions(
                best: TargetPose(cameraToTarget: Transform3D(x: distance, y: 0, z: 0), reprojectionErrorPixels: 0.25),
                alternate: TargetPose(cameraToTarget: Transform3D(x: distance, y: 0.1, z: 0), reprojectionErrorPixels: 1),
                ambiguity: 0.25)
        }

        func localize(_ detections: [AprilTagDetection], imageWidth: Int, imageHeight: Int) -> FieldLocalization {
            self.calls.append((detections.map(\.id), imageWidth, imageHeight))
            let poses = detections.map { d -> TagPoseSolutions? in
                switch d.id {
                case 7: Self.solutions(distance: 3)
                case 8: Self.solutions(distance: 2)
                default: nil
                }
            }
            let seen = detections.contains { $0.id == 7 || $0.id == 8 }
            return FieldLocalization(tagPoses: poses, fieldPose: seen ? Self.fieldPose : nil)
        }
    }

    static func detection(_ id: Int, margin: Double) -> AprilTagDetection {
        let x = Float(id * 50)
        return AprilTagDetection(
            id: id, hamming: 0, decisionMargin: margin,
            corners: [ImagePoint(x: x, y: 100), ImagePoint(x: x + 40, y: 100), ImagePoint(x: x + 40, y: 60), ImagePoint(x: x, y: 60)],
            center: ImagePoint(x: x + 20, y: 80), pose: nil, distanceMeters: 0, yawDegrees: 0, pitchDegrees: 0,
            reprojectionErrorPixels: 0)
    }

    static let detections = [detection(7, margin: 90), detection(99, margin: 80), detection(8, margin: 70)]

    static func json(_ report: EvaluationImageReport) throws -> [String: Any] {
        let data = try JSONEncoder().encode(report)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func resultTakesEachTagsSolutionsAndTheFieldPose() {
        let localization = FakeLocalizer().localize(Self.detections, imageWidth: 640, imageHeight: 480)
        let frame = FrameInfo(frameNumber: 4, captureTime: 1_000_000, width: 640, height: 480)
        let result = TargetingResult(.apriltag(Self.detections), frame: frame, localization: localization, completedAt: 2_000_000)
        #expect(result.fieldPose == FakeLocalizer.fieldPose)
        // Without poses from the pipeline the order is by decision margin: 7, 99, 8.
        #expect(result.targets.map(\.id) == [7, 99, 8])
        let byID = Dictionary(uniqueKeysWithValues: result.targets.map { ($0.id, $0) })
        #expect(byID[7]?.bestPose == FakeLocalizer.solutions(distance: 3).best)
        #expect(byID[8]?.alternatePose == FakeLocalizer.solutions(distance: 2).alternate)
        #expect(byID[8]?.ambiguity == 0.25 && byID[8]?.distanceMeters == 2)
        #expect(byID[99]?.bestPose == nil && byID[99]?.ambiguity == -1)
        #expect(TargetingResult(.apriltag(Self.detections), frame: frame).fieldPose == nil)
    }

    @Test func aDegenerateSolveLosesItsTagNotTheFrame() throws {
        // Tag 8's solve puts it 1e5 m away and the field pose has a NaN: a receiver would refuse the whole frame.
        var localization = FakeLocalizer().localize(Self.detections, imageWidth: 640, imageHeight: 480)
        localization.tagPoses[2] = FakeLocalizer.solutions(distance: 100_000)
        localization.fieldPose?.fieldToRobot.x = .nan
        let frame = FrameInfo(frameNumber: 4, captureTime: 1_000_000, width: 640, height: 480)
        let result = TargetingResult(.apriltag(Self.detections), frame: frame, localization: localization, completedAt: 2_000_000)
        #expect(result.targets.map(\.id) == [7, 99])
        #expect(result.fieldPose == nil)
        var bytes: [UInt8] = []
        WireFormat.encode(.targetingResult(result), sequence: 0, sender: "targeting", into: &bytes)
        #expect(throws: Never.self) { try WireFormat.decode(bytes) }
    }

    @Test func evalLineHasTagsAndTheCameraPoseInWPILibsJSONForm() throws {
        let localization = FakeLocalizer().localize(Self.detections, imageWidth: 640, imageHeight: 480)
        let line = try Self.json(
            EvaluationImageReport(image: "/x/field.png", output: .apriltag(Self.detections), localization: localization))
        #expect(line["image"] as? String == "field.png")
        let tags = try #require(line["tags"] as? [[String: Any]])
        #expect(tags.map { $0["id"] as? Int } == [7, 99, 8])
        #expect(tags[0]["corners"] as? [[Double]] == [[350, 100], [390, 100], [390, 60], [350, 60]])
        #expect(tags[0]["distance_m"] as? Double == 3 && tags[0]["ambiguity"] as? Double == 0.25)
        #expect(tags[1]["distance_m"] is NSNull && tags[1]["ambiguity"] is NSNull)
        let pose = try #require(line["field_pose"] as? [String: Any])
        #expect(Set(pose.keys) == ["translation", "rotation", "tags_used", "reprojection_error_px", "multi_tag"])
        #expect(pose["translation"] as? [String: Double] == ["x": 1.5, "y": 2.25, "z": 0.5])
        let rotation = try #require(pose["rotation"] as? [String: Any])
        #expect(rotation["quaternion"] as? [String: Double] == ["W": 0.5, "X": -0.5, "Y": 0.5, "Z": -0.5])
        #expect(pose["tags_used"] as? [Int] == [7, 8])
        #expect(pose["reprojection_error_px"] as? Double == 0.375)
        #expect(pose["multi_tag"] as? Bool == true)
    }

    @Test func fieldPoseIsNullWithoutALocalizerOrWithoutALayoutTag() throws {
        let bare = try Self.json(EvaluationImageReport(image: "a.png", output: .apriltag(Self.detections)))
        #expect(bare["field_pose"] is NSNull)
        #expect((bare["tags"] as? [[String: Any]])?.allSatisfy { $0["ambiguity"] is NSNull } == true)
        let unknown = [Self.detection(99, margin: 50)]
        let localization = FakeLocalizer().localize(unknown, imageWidth: 640, imageHeight: 480)
        let line = try Self.json(EvaluationImageReport(image: "a.png", output: .apriltag(unknown), localization: localization))
        #expect(line["field_pose"] is NSNull)
        #expect((line["tags"] as? [[String: Any]])?.count == 1)
    }

    /// The evaluation hands every image's detections and size to the localizer and prints its answer.
    @Test(.enabled(if: TestData.aprilTagsAvailable, "shared test data not present"))
    func evaluationRunsTheLocalizerOnEveryImage() throws {
        let calibration = try CameraCalibration.load(path: SharedTestData.path("calibration/lifecam480p.json"))
        let pipeline = try PipelineConfiguration(kind: .apriltag).makePipeline(calibration: calibration)
        let localizer = FakeLocalizer()
        var lines: [String] = []
        try PipelineEvaluation(repetitions: 2).run(
            pipeline, localizer: localizer, images: [SharedTestData.path("apriltag/tag1_640_480.jpg")]) { lines.append($0) }
        #expect(localizer.calls.count == 2)
        #expect(localizer.calls.first?.ids == [1] && localizer.calls.first?.width == 640)
        let line = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(line["field_pose"] is NSNull)  // tag 1 is not in the fake layout
        #expect((line["tags"] as? [[String: Any]])?.first?["id"] as? Int == 1)
        #expect(lines.count == 2)  // the image, then the summary
    }
}
