import Foundation
import TestSupport
import Testing

/// The `targeting` service with `field.layout` set, through the real executable: an image-folder camera over scenes
/// rendered from known camera poses, results received and decoded by the Python peer (`robot_vision_wire.py`).
/// Every tag of a frame is published, `field_pose.field_to_robot` is WPILib's robot pose for the known camera pose
/// and `field.robot_to_camera`, a frame without layout tags carries no pose, and bad field settings stop the service
/// at start with one line and exit code 2.
@Suite(.serialized, .timeLimit(.minutes(10)))
struct FieldServiceIntegrationTests {
    /// Where the camera sits on the robot: off-centre, raised, tilted up and turned (x,y,z metres, roll,pitch,yaw
    /// degrees).
    static let robotToCamera = (x: 0.3, y: -0.2, z: 0.5, roll: 3.0, pitch: -15.0, yaw: 10.0)
    static var robotToCameraText: String {
        let m = Self.robotToCamera
        return "\(m.x),\(m.y),\(m.z),\(m.roll),\(m.pitch),\(m.yaw)"
    }
    static var robotToCameraYAML: String {
        let m = Self.robotToCamera
        return "{x_meters: \(m.x), y_meters: \(m.y), z_meters: \(m.z), roll_degrees: \(m.roll), "
            + "pitch_degrees: \(m.pitch), yaw_degrees: \(m.yaw)}"
    }
    /// Sorted right after a scene with a pose: a stale pose would show here.
    static let blank = "scene_001_none.png"
    static let foreign = "scene_002_foreign.png"
    static let foreignID = 40
    static let scalingWarning = "scaling the calibration"

    /// What the service published and logged over one pass of the image folder.
    struct Run {
        var results: [[String: Any]]
        var log: String
    }

    /// Runs `targeting` over `field`'s folder (looping) with `calibration` until `frames` results were received.
    /// (Frames sent before the results connection is up are dropped by design; frame numbers tell the images apart.)
    static func run(_ field: RenderedField, calibration: String, frames: Int) async throws -> Run {
        let results = try FreePort.endpoint()
        let sink = try Python.peer("Tests/IntegrationTests/peers/bus_peer.py", ["pull", results, "\(frames)", "120"])
        guard await sink.waitForOutput("bound", timeout: .seconds(30)) else {
            throw TestFailure("bus_peer.py pull did not bind: \(sink.errorOutput)")
        }
        let targeting = try ChildProcess(
            try Project.executable("targeting"),
            [
                "--control", try FreePort.endpoint(), "--set", "results.connect=[\"\(results)\"]",
                "--set", "field.robot_to_camera=\(Self.robotToCameraYAML)",
            ] + field.targetingSettings(calibration: calibration)
        )
        let received = await sink.waitForExit(timeout: .seconds(120))
        targeting.kill(SIGTERM)
        #expect(await targeting.waitForExit(timeout: .seconds(10)) == 0, "\(targeting.output)")
        #expect(received == 0, "the Python receiver failed: \(sink.errorOutput)")
        return Run(results: sink.jsonLines, log: targeting.output)
    }

    @Test func everyTagAndTheRobotPoseOnTheFieldReachAPythonReceiver() async throws {
        guard Python.isAvailable(RenderedField.pythonModules + ["zmq"], for: "the field localization service test")
        else { return }
        let field = try await RenderedField.render(count: 4, seed: 41)
        defer { field.remove() }
        try #require(field.scenes.count == 4, "the renderer made \(field.scenes.count) of 4 scenes")
        let withoutLayoutTags = try await field.addImagesWithoutLayoutTags(
            blank: Self.blank, foreign: Self.foreign, foreignID: Self.foreignID
        )
        let robotPoses = try await field.robotPoses(robotToCamera: Self.robotToCameraText)
        // The image-folder camera delivers the folder's images sorted by name, over and over; frame numbers from 1.
        let images = (field.scenes.map(\.image) + [Self.blank, Self.foreign]).sorted()
        let scenes = Dictionary(uniqueKeysWithValues: field.scenes.map { ($0.image, $0) })

        // The calibration at the camera's resolution, then one made at half of it (scaled to the frames, warned).
        let halfSize = try await field.calibration(width: 640, height: 360)
        for calibration in [field.calibration, halfSize] {
            let run = try await Self.run(field, calibration: calibration, frames: 2 * images.count)
            let frames = run.results.compactMap { $0["frame_number"] as? Int }
            #expect(frames.count == 2 * images.count, "\(frames.count) of \(2 * images.count) results\n\(run.log)")
            #expect(Set(frames.map { ($0 - 1) % images.count }).count == images.count, "every image seen: \(frames)")
            let warnings = run.log.components(separatedBy: Self.scalingWarning).count - 1
            #expect(warnings == (calibration == halfSize ? 1 : 0), "scaling warnings logged: \(run.log)")

            var robotErrors: [Double] = []
            var rotationErrors: [Double] = []
            for result in run.results {
                let frame = try #require(result["frame_number"] as? Int)
                let image = images[(frame - 1) % images.count]
                let targets = try #require(result["targets"] as? [[String: Any]])
                let ids = targets.compactMap { $0["id"] as? Int }
                #expect(result["pipeline"] as? String == "apriltag" && result["image_width"] as? Int == 1280)
                guard let scene = scenes[image] else {
                    // No layout tag in view: the tags that are there, and no pose (never the previous frame's).
                    #expect(ids == withoutLayoutTags[image], "\(image): \(ids)")
                    #expect(result["field_pose"] is NSNull, "\(image): \(String(describing: result["field_pose"]))")
                    continue
                }
                #expect(Set(ids) == Set(scene.visible_ids), "\(image): every tag")
                #expect(targets.allSatisfy { ($0["corners"] as? [[Double]])?.count == 4 }, "\(image): 4 corners each")
                #expect(targets.allSatisfy { $0["best_pose"] is [String: Any] }, "\(image): a pose for each tag")
                let pose = try #require(result["field_pose"] as? [String: Any], "\(image): no field pose")
                #expect(pose["multi_tag"] as? Bool == true)
                #expect((pose["tags_used"] as? [Int]).map { $0.sorted() } == scene.visible_ids.sorted())
                let camera = try RenderedField.Pose(json: pose["field_to_camera"])
                let robot = try RenderedField.Pose(json: pose["field_to_robot"])
                let expected = try #require(robotPoses[image])
                // The camera pose within the eval test's accuracy, and the robot pose WPILib derives from it.
                #expect(camera.distance(to: scene.field_to_camera) <= 0.08, "\(image)")
                robotErrors.append(robot.distance(to: expected))
                rotationErrors.append(robot.angleDegrees(to: expected))
            }
            let median = percentile(robotErrors, 50)
            let worst = robotErrors.max() ?? .nan
            let rotation = percentile(rotationErrors, 50)
            print(
                String(
                    format: "targeting service, %@ calibration: field_to_robot on %d frames: position error median "
                        + "%.2f cm, max %.2f cm, rotation error median %.3f deg",
                    calibration == halfSize ? "640x360 (scaled)" : "1280x720", robotErrors.count, median * 100,
                    worst * 100, rotation
                )
            )
            #expect(robotErrors.count >= field.scenes.count)
            #expect(median <= 0.03)
            #expect(worst <= 0.08)
            #expect(rotation <= 1)
        }
    }

    @Test func badFieldSettingsStopTheServiceWithOneLineAndExitCode2() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("field-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let notJSON = directory.appendingPathComponent("not-json.json")
        try Data("{\"tags\": [oops".utf8).write(to: notJSON)
        let duplicate = directory.appendingPathComponent("duplicate.json")
        let tag = #"{"ID": 7, "pose": {"translation": {"x": 1, "y": 2, "z": 0.5}, "rotation": {"quaternion": "#
            + #"{"W": 1, "X": 0, "Y": 0, "Z": 0}}}}"#
        try Data(#"{"tags": [\#(tag), \#(tag)], "field": {"length": 16.5, "width": 8.1}}"#.utf8).write(to: duplicate)

        let cases: [(settings: [String], message: String)] = [
            (["field.layout=\(notJSON.path)"], "is not WPILib's AprilTag layout JSON"),
            (["field.layout=\(duplicate.path)"], "lists tag 7 more than once"),
            (["field.layout=no-such-field"], "neither an official layout name"),
            (["field.layout=2026-rebuilt-welded", "field.robot_to_camera.pitch_degrees=.nan"], "pitch_degrees is nan"),
            (["field.layout=2026-rebuilt-welded", "field.robot_to_camera.x_meters=.inf"], "x_meters is inf"),
        ]
        for (settings, message) in cases {
            // The demo's synthetic camera brings a calibration; only the field settings are wrong.
            let arguments =
                ["--control", try FreePort.endpoint(), "--set", "results.connect=[\"\(try FreePort.endpoint())\"]",
                 "--set", "pipeline.kind=apriltag"] + settings.flatMap { ["--set", $0] }
            let run = try await ChildProcess.run(
                try Project.executable("targeting"), arguments, mergeErrors: false, timeout: .seconds(30)
            )
            let errors = run.errorOutput.split(separator: "\n").filter { $0.hasPrefix("error:") }
            #expect(run.status == 2, "\(settings): exit \(run.status)\n\(run.errorOutput)")
            #expect(errors.count == 1 && errors[0].contains(message), "\(settings):\n\(run.errorOutput)")
        }
    }
}
