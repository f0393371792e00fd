import Testing
import WireFormat

@testable import Vision

/// The pipeline factory, the one conversion from pipeline output to the wire result, and the pose conventions.
@Suite struct PipelineTests {
    static let calibration = CameraCalibration.ideal(width: 320, height: 240, horizontalFOVDegrees: 61)

    @Test func theFactoryBuildsTheChosenKind() throws {
        for kind in PipelineKind.configurable {
            let pipeline = try PipelineConfiguration(kind: kind).makePipeline(calibration: Self.calibration)
            #expect(pipeline.kind == kind)
        }
        #expect(try PipelineConfiguration(kind: .apriltag).makePipeline(calibration: nil) is AprilTagPipeline)
    }

    @Test func reflectiveWithoutACalibrationIsAClearError() {
        #expect(throws: VisionError.invalidArgument("the reflective2019 pipeline needs a camera calibration")) {
            try PipelineConfiguration(kind: .reflective2019).makePipeline(calibration: nil)
        }
    }

    @Test func aFramesResultCarriesItsLatencyFromTheStart() throws {
        let frame = try Frame(width: 320, height: 240)
        try frame.fill(.black)
        let pipeline = try PipelineConfiguration(kind: .reflective2019).makePipeline(calibration: Self.calibration)
        let output = try pipeline.analyze(frame)
        #expect(!output.found)
        let info = FrameInfo(frameNumber: 42, captureTime: 5_000_000, width: 320, height: 240)
        let result = TargetingResult(output, frame: info, completedAt: 7_500_000)
        #expect(result.pipelineLatencyMicroseconds == 2500 && result.frameNumber == 42 && result.targets.isEmpty)
        // A completion time before the capture (never on one clock) gives 0, not a trap.
        #expect(TargetingResult(output, frame: info, completedAt: 1).pipelineLatencyMicroseconds == 0)
    }

    static func detection(id: Int, distance: Double?, margin: Double) -> AprilTagDetection {
        AprilTagDetection(
            id: id, hamming: 0, decisionMargin: margin,
            corners: [ImagePoint(x: 0, y: 10), ImagePoint(x: 10, y: 10), ImagePoint(x: 10, y: 0), ImagePoint(x: 0, y: 0)],
            center: ImagePoint(x: 5, y: 5), pose: distance.map { Pose3D(x: 0, y: 0, z: $0) },
            distanceMeters: distance ?? 0, yawDegrees: 0, pitchDegrees: 0, reprojectionErrorPixels: 0.5)
    }

    @Test func tagsAreOrderedBestFirstAndCutAt32() {
        let detections = [
            Self.detection(id: 1, distance: nil, margin: 90),
            Self.detection(id: 2, distance: 3, margin: 10),
            Self.detection(id: 3, distance: nil, margin: 120),
            Self.detection(id: 4, distance: 1.5, margin: 5),
        ]
        let info = FrameInfo(frameNumber: 1, captureTime: 0, width: 100, height: 100)
        let result = TargetingResult(.apriltag(detections), frame: info, completedAt: 0)
        // With a pose, nearest first; then without, most certain first.
        #expect(result.targets.map(\.id) == [4, 2, 3, 1])
        #expect(result.targets[0].bestPose?.reprojectionErrorPixels == 0.5 && result.targets[2].bestPose == nil)
        #expect(result.targets[0].areaPercent == 1 && result.targets[0].offsetPixels == 45)
        let many = (0..<40).map { Self.detection(id: $0, distance: Double($0 + 1), margin: 50) }
        let cut = TargetingResult(.apriltag(many), frame: info, completedAt: 0)
        #expect(cut.targets.count == 32 && cut.targetsCut == 8 && cut.targets.last?.id == 31)
    }

    @Test func aTagFacingTheCameraIsTurnedHalfAroundZInWPILibAxes() {
        // OpenCV: 2 m ahead, 0.5 m right, 0.25 m down; the tag model's frame aligned with the camera's.
        let facing = Pose3D(x: 0.5, y: 0.25, z: 2).cameraToTag
        #expect(facing.x == 2 && facing.y == -0.5 && facing.z == -0.25)
        #expect(abs(facing.qz.magnitude - 1) < 1e-6 && abs(facing.qw) < 1e-6 && abs(facing.qx) < 1e-6 && abs(facing.qy) < 1e-6)
        // Turned 90 degrees about OpenCV's y (down), that is -90 degrees about WPILib's Z (up): facing's 180 degrees
        // about Z becomes 90 degrees, quaternion (cos 45, 0, 0, sin 45).
        let turned = Pose3D(x: 0, y: 0, z: 2, rotationY: .pi / 2).cameraToTag
        let norm = (turned.qw * turned.qw + turned.qx * turned.qx + turned.qy * turned.qy + turned.qz * turned.qz)
        #expect(abs(norm - 1) < 1e-5)
        let half = Float(0.5.squareRoot())
        #expect(abs(turned.qw - half) < 1e-5 && abs(turned.qz - half) < 1e-5 && abs(turned.qx) < 1e-5 && abs(turned.qy) < 1e-5)
    }
}
