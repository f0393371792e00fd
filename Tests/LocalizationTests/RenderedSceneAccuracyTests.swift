import Foundation
import Localization
import TestSupport
import Testing
import Vision

/// The core proof: AprilTag scenes rendered from known camera poses on the 2026 field (peers/render_scene.py:
/// official 36h11 bitmaps, lens distortion, blur, noise, each checked with WPILib's detector), detected with
/// `AprilTagPipeline` and solved with `FieldPoseEstimator`, against the known pose; and the same figures from the
/// OpenCV-in-Python reference (peers/reference_pose.py: WPILib's corners, SQPnP + LM) on the same renders.
@Suite struct RenderedSceneAccuracyTests {
    struct SceneIndex: Decodable {
        struct Scene: Decodable {
            var image: String
            var field_to_camera: WPILibPoseJSON
            var visible_ids: [Int]
            var distances_m: [Double]
            /// WPILib's corners minus the true projections, mean of the scene's corners.
            var corner_offset_px: [Double]
        }
        var layout: String
        var calibration: String
        var scenes: [Scene]
        var dropped: Int
    }

    struct Summary: Decodable {
        var scenes: Int
        var position_median_m: Double
        var position_p95_m: Double
        var rotation_median_deg: Double
    }

    /// One scene's line of peers/reference_pose.py.
    struct SceneError: Decodable {
        var image: String
        var rotation_error_deg: Double?
    }

    @Test func multiTagPoseOnRendersOfKnownPose() async throws {
        guard PythonPeer.available(for: "the rendered-scene accuracy test") else { return }
        let directory = try TemporaryDirectory.make("localization-tests")
        defer { try? FileManager.default.removeItem(at: directory) }
        let render = try await PythonPeer.run(["render_scene.py", "--out", directory.path, "--count", "60", "--seed", "12"])
        try #require(render.status == 0, "render_scene.py failed: \(render.output)")
        print("render_scene.py: \(render.output.trimmingCharacters(in: .whitespacesAndNewlines))")
        let index = try JSONDecoder().decode(
            SceneIndex.self, from: Data(contentsOf: directory.appendingPathComponent("scenes.json"))
        )
        try #require(index.scenes.count >= 50, "too few scenes decoded by WPILib's detector")
        // The renders follow OpenCV's pixel convention and the detector its own, half a pixel off.
        for axis in 0..<2 {
            let offset = index.scenes.map { $0.corner_offset_px[axis] }.reduce(0, +) / Double(index.scenes.count)
            print("render_scene.py: detector corner offset \(axis == 0 ? "x" : "y") \(offset) px")
            #expect(abs(offset - FieldPoseEstimator.detectorPixelOffset) < 0.05)
        }

        let calibration = try CameraCalibration.load(path: directory.appendingPathComponent(index.calibration).path)
        let layout = try FieldLayout.load(nameOrPath: index.layout)
        let estimator = try FieldPoseEstimator(layout: layout, calibration: calibration)
        let pipeline = try AprilTagPipeline(configuration: AprilTagConfiguration())
        var positionErrors: [Double] = []
        var rotationErrors: [Double] = []
        var rotationErrorsByImage: [String: Double] = [:]
        var detections: [AprilTagDetection] = []
        var result = LocalizationResult()
        for scene in index.scenes {
            #expect(scene.distances_m.allSatisfy { (2...5).contains($0) } && scene.visible_ids.count >= 2)
            let frame = try Frame(contentsOf: directory.appendingPathComponent(scene.image).path)
            try pipeline.detect(frame, into: &detections)
            #expect(Set(detections.map(\.id)) == Set(scene.visible_ids), "\(scene.image): every tag in view found")
            estimator.estimate(detections.compactMap(TagObservation.init), into: &result)
            guard let pose = result.fieldPose else {
                Issue.record("\(scene.image): no field pose")
                continue
            }
            #expect(pose.isMultiTag && pose.tagsUsed.count == detections.count)
            let t = scene.field_to_camera.translation
            let q = scene.field_to_camera.rotation.quaternion
            let truth = try #require(Rotation3(w: q.w, x: q.x, y: q.y, z: q.z))
            positionErrors.append(pose.fieldToCamera.translation.distance(to: Translation3(x: t.x, y: t.y, z: t.z)))
            rotationErrors.append(pose.fieldToCamera.rotation.angle(to: truth) * 180 / .pi)
            rotationErrorsByImage[scene.image] = rotationErrors.last
        }
        let ours = Summary(
            scenes: positionErrors.count, position_median_m: percentile(positionErrors, 50),
            position_p95_m: percentile(positionErrors, 95),
            rotation_median_deg: percentile(rotationErrors, 50)
        )
        let (ref, refScenes) = try await Self.reference(directory)
        let (shifted, _) = try await Self.reference(directory, "--half-pixel")
        // Paired, scene by scene: the same image solved by both.
        let pairs = refScenes.compactMap { s in
            rotationErrorsByImage[s.image].flatMap { ours in s.rotation_error_deg.map { (ours, $0) } }
        }
        let oursBetter = pairs.filter { $0.0 <= $0.1 }.count
        print(Self.row("ours (AprilTagPipeline + FieldPoseEstimator)", ours))
        print(Self.row("reference (WPILib corners + cv2 SQPnP + LM)", ref))
        print(Self.row("reference --half-pixel (corners shifted as ours)", shifted))
        print("rotation error: ours <= reference's in \(oursBetter) of \(pairs.count) scenes")

        #expect(ours.scenes == index.scenes.count)
        #expect(ours.position_median_m <= 0.03)
        #expect(ours.position_p95_m <= 0.08)
        #expect(ours.rotation_median_deg <= 1)
        // No worse than the reference. The slack is for the half pixel the reference leaves in its corners (as
        // PhotonVision does; see FieldPoseEstimator.detectorPixelOffset): removing it removes a rotation bias of
        // 0.03 degrees but moves these medians by up to 0.3 mm and 0.015 degrees either way, within their noise.
        #expect(ours.position_median_m <= ref.position_median_m + 0.001)
        #expect(ours.position_p95_m <= ref.position_p95_m + 0.002)
        #expect(ours.rotation_median_deg <= ref.rotation_median_deg + 0.02)
        // Scene by scene the half pixel shows: over 240 renders (4 seeds) removing it from the reference's corners
        // lowered its rotation error in 148 (62 %); here ours is at or below the reference's in 36 of 60.
        #expect(pairs.count == ours.scenes && 2 * oursBetter > pairs.count)
    }

    /// The summary and the per-scene lines of peers/reference_pose.py on the scenes in `directory`.
    static func reference(_ directory: URL, _ options: String...) async throws -> (Summary, [SceneError]) {
        let run = try await PythonPeer.run(["reference_pose.py"] + options + [directory.path])
        try #require(run.status == 0, "reference_pose.py \(options) failed")
        let lines = run.output.split(separator: "\n")
        let line = try #require(lines.last { $0.contains("\"summary\"") })
        let summary = try #require(try JSONDecoder().decode([String: Summary].self, from: Data(line.utf8))["summary"])
        let scenes = try lines.filter { $0.contains("\"image\"") }.map {
            try JSONDecoder().decode(SceneError.self, from: Data($0.utf8))
        }
        return (summary, scenes)
    }

    static func row(_ name: String, _ s: Summary) -> String {
        "\(name): \(s.scenes) scenes, "
            + String(
                format: "position error median %.2f cm, p95 %.2f cm, rotation error median %.3f deg",
                s.position_median_m * 100, s.position_p95_m * 100, s.rotation_median_deg
            )
    }
}
