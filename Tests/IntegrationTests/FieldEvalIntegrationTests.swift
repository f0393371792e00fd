import Foundation
import TestSupport
import Testing

/// `targeting eval --field` through the real executable, on scenes rendered from known camera poses on the 2026
/// field: every tag in view is listed, `field_pose` is the camera's pose within the accuracy, and an image
/// without a layout tag prints `field_pose: null`.
@Suite(.serialized, .timeLimit(.minutes(15)))
struct FieldEvalIntegrationTests {
    static let blank = "scene_zz_blank.png"
    static let foreign = "scene_zz_foreign.png"
    /// A 36h11 tag the 2026 layout (ids 1-32) does not have.
    static let foreignID = 40

    /// Runs `targeting eval` on `images` of `field`; returns its JSON lines by image file name.
    static func eval(_ field: RenderedField, _ images: [String], extra: [String] = []) async throws
        -> [String: [String: Any]]
    {
        let arguments =
            ["eval", "--pipeline", "apriltag", "--calibration", field.calibration, "--field", field.layout]
            + extra + images.map(field.path)
        let run = try await ChildProcess.run(
            try Project.executable("targeting"), arguments, mergeErrors: false, timeout: .seconds(300)
        )
        guard run.status == 0 else { throw TestFailure("targeting eval failed (\(run.status)): \(run.errorOutput)") }
        var lines: [String: [String: Any]] = [:]
        for line in run.output.split(separator: "\n") {
            guard let json = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let image = json["image"] as? String
            else { continue }
            lines[(image as NSString).lastPathComponent] = json
        }
        return lines
    }

    @Test func fieldPoseOfRenderedScenesMatchesTheKnownCameraPose() async throws {
        guard Python.isAvailable(RenderedField.pythonModules, for: "the targeting eval field pose test") else { return }
        let field = try await RenderedField.render(count: 20, seed: 31)
        defer { field.remove() }
        try #require(field.scenes.count == 20, "the renderer made \(field.scenes.count) of 20 scenes")
        let withoutLayoutTags = try await field.addImagesWithoutLayoutTags(
            blank: Self.blank, foreign: Self.foreign, foreignID: Self.foreignID
        )
        let lines = try await Self.eval(field, field.scenes.map(\.image) + [Self.blank, Self.foreign])
        try #require(lines.count == field.scenes.count + 2, "one line per image")

        var positionErrors: [Double] = []
        var rotationErrors: [Double] = []
        for scene in field.scenes {
            let line = try #require(lines[scene.image])
            let tags = try #require(line["tags"] as? [[String: Any]], "\(scene.image): no tags list")
            #expect(Set(tags.compactMap { $0["id"] as? Int }) == Set(scene.visible_ids), "\(scene.image): every tag")
            for tag in tags {
                let corners = tag["corners"] as? [[Double]]
                #expect(corners?.count == 4 && corners?.allSatisfy { $0.count == 2 } == true, "\(scene.image)")
                let distance = tag["distance_m"] as? Double
                #expect(distance.map { (1.8...5.2).contains($0) } == true, "\(scene.image): \(tag)")
                #expect(tag.keys.contains("ambiguity"))
            }
            let pose = try #require(line["field_pose"] as? [String: Any], "\(scene.image): no field_pose")
            #expect(pose["multi_tag"] as? Bool == true, "\(scene.image): \(scene.visible_ids.count) tags")
            #expect((pose["tags_used"] as? [Int]).map { $0.sorted() } == scene.visible_ids.sorted())
            #expect((pose["reprojection_error_px"] as? Double).map { $0 >= 0 && $0 < 3 } == true)
            let camera = try RenderedField.Pose(json: pose)
            positionErrors.append(camera.distance(to: scene.field_to_camera))
            rotationErrors.append(camera.angleDegrees(to: scene.field_to_camera))
        }
        let median = percentile(positionErrors, 50)
        let p95 = percentile(positionErrors, 95)
        let rotation = percentile(rotationErrors, 50)
        print(
            String(
                format: "targeting eval --field on %d rendered scenes: position error median %.2f cm, p95 %.2f cm, "
                    + "rotation error median %.3f deg", positionErrors.count, median * 100, p95 * 100, rotation
            )
        )
        #expect(positionErrors.count == field.scenes.count)
        #expect(median <= 0.03)
        #expect(p95 <= 0.08)
        #expect(rotation <= 1)

        // Without a layout tag in view: the tags that are there, and `field_pose: null`.
        for image in [Self.blank, Self.foreign] {
            let line = try #require(lines[image])
            let tags = try #require(line["tags"] as? [[String: Any]])
            #expect(tags.compactMap { $0["id"] as? Int } == withoutLayoutTags[image], "\(image)")
            #expect(line.keys.contains("field_pose") && line["field_pose"] is NSNull, "\(image): \(line)")
        }
    
        // `field_pose` is the camera's pose: where the camera sits on the robot does not change it.
        let some = Array(field.scenes.prefix(3).map(\.image))
        let mounted = try await Self.eval(field, some, extra: ["--robot-to-camera", "0.3,-0.2,0.5,3,-15,10"])
        for image in some {
            let plain = try RenderedField.Pose(json: lines[image]?["field_pose"])
            let moved = try RenderedField.Pose(json: mounted[image]?["field_pose"])
            #expect(plain.distance(to: moved) < 1e-6 && plain.angleDegrees(to: moved) < 0.01, "\(image)")
        }
    }
}
