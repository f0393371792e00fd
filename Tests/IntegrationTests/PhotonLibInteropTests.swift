import Foundation
import TestSupport
import Testing

/// The real thing: robot code's PhotonLib reads the real targeting executable. A Python process is the robot: a
/// pyntcore NT4 server and photonlibpy's `PhotonCamera("front")` (`scripts/photon_peer.py robot`); targeting runs
/// the AprilTag pipeline and field localization on rendered scenes of known camera pose on the 2026 field
/// (`Tests/LocalizationTests/peers/render_scene.py`) and publishes to that server. Checked through PhotonLib's API:
/// every result decodes (the UUID check passes), tag ids match a scene, sequence ids increase, `isConnected()`,
/// the multi-tag estimate is within 5 cm of the rendered camera pose, and PhotonLib's `getTimestampSeconds()` is
/// the capture time in the robot's time base.
///
/// `PhotonCamera` binds PhotonVision's time sync port (UDP 5810 on all interfaces): one such test at a time.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct PhotonLibInteropTests {
    struct SceneIndex: Decodable {
        struct Scene: Decodable {
            struct Pose: Decodable {
                struct Vector: Decodable { var x, y, z: Double }
                var translation: Vector
            }
            var visibleIDs: [Int]
            var fieldToCamera: Pose
            enum CodingKeys: String, CodingKey {
                case visibleIDs = "visible_ids"
                case fieldToCamera = "field_to_camera"
            }
        }
        var layout: String
        var calibration: String
        var scenes: [Scene]
    }

    @Test func photonLibReadsTargetingsResultsOfRenderedScenes() async throws {
        guard Python.isAvailable(["photonlibpy", "robotpy_apriltag", "cv2"], for: "the PhotonLib interop test") else {
            return
        }
        let directory = try TemporaryDirectory.make("photonlib-interop")
        defer { try? FileManager.default.removeItem(at: directory) }
        let render = try await Python.run(
            "Tests/LocalizationTests/peers/render_scene.py",
            ["--out", directory.path, "--count", "6", "--seed", "3"],
            timeout: .seconds(90)
        )
        try #require(render.status == 0, "render_scene.py failed: \(render.output)")
        let index = try JSONDecoder().decode(
            SceneIndex.self, from: Data(contentsOf: directory.appendingPathComponent("scenes.json")))
        try #require(index.scenes.count >= 3, "too few scenes decoded by WPILib's detector")

        let robot = try Python.peer(
            "scripts/photon_peer.py", ["robot", "--camera", "front", "--seconds", "120"], input: true)
        let ready = await robot.waitForLine(timeout: .seconds(30)) { $0.hasPrefix("READY ") }
        let port = try #require(ready.flatMap { Int($0.dropFirst("READY ".count)) }, "robot: \(robot.errorOutput)")

        let targeting = try ChildProcess(
            try Project.executable("targeting"),
            [
                "--control", try FreePort.endpoint(),
                "--set", "results.connect=[\"\(try FreePort.endpoint())\"]",
                "--set", "camera_name=front",
                "--set", "camera.kind=images",
                "--set", "camera.location=\(directory.path)/scene_*.png",
                "--set", "camera.fps=30",
                "--set", "camera.loop=true",
                "--set", "calibration=\(directory.appendingPathComponent(index.calibration).path)",
                "--set", "pipeline.kind=apriltag",
                "--set", "field.layout=\(index.layout)",
                "--set", "networktables.server.enabled=true",
                "--set", "networktables.server.server_host=127.0.0.1",
                "--set", "networktables.server.port=\(port)",
            ]
        )
        func results() -> [[String: Any]] { robot.jsonLines.filter { $0["seq"] != nil } }
        let wanted = 2 * index.scenes.count + 4
        let enough = await waitUntil(timeout: .seconds(60)) { results().count >= wanted }
        let connectedWhileRunning = robot.jsonLines.last { $0["connected"] != nil }?["connected"] as? Bool
        await targeting.stop()
        robot.closeInput()
        _ = await robot.waitForExit(timeout: .seconds(10))
        #expect(enough, "PhotonLib saw \(results().count) results; targeting: \(targeting.output.suffix(2000))")
        #expect(robot.jsonLines.filter { $0["error"] != nil }.isEmpty, "PhotonLib errors: \(robot.output.suffix(2000))")
        #expect(connectedWhileRunning == true, "PhotonLib's isConnected() while targeting ran")

        let seen = results()
        let sequence = seen.compactMap { $0["seq"] as? Int }
        #expect(
            sequence.count == seen.count && zip(sequence, sequence.dropFirst()).allSatisfy { $0 < $1 }, "\(sequence)")
        var multiTagErrors: [Double] = []
        var ages: [Int] = []
        for result in seen {
            let ids = Set(result["ids"] as? [Int] ?? [])
            let scenes = index.scenes.filter { Set($0.visibleIDs) == ids }
            #expect(!scenes.isEmpty, "ids \(ids) match no scene")
            let multitag = try #require(result["multitag"] as? [String: Any], "every scene shows two tags or more")
            #expect(Set(multitag["ids"] as? [Int] ?? []) == ids)
            let t = multitag["translation"] as? [Double] ?? []
            let error =
                scenes.map { scene in
                    let p = scene.fieldToCamera.translation
                    return ((t[0] - p.x) * (t[0] - p.x) + (t[1] - p.y) * (t[1] - p.y) + (t[2] - p.z) * (t[2] - p.z))
                        .squareRoot()
                }.min() ?? .infinity
            multiTagErrors.append(error)
            let capture = try #require(result["capture_us"] as? Int)
            let publish = try #require(result["publish_us"] as? Int)
            let timestamp = try #require(result["timestamp_us"] as? Int)
            let robotNow = try #require(result["robot_now_us"] as? Int)
            #expect(capture <= publish)
            #expect(abs(timestamp - capture) <= 2, "getTimestampSeconds() \(timestamp) us, capture \(capture) us")
            ages.append(robotNow - capture)
        }
        ages.sort()
        print(
            "PhotonLib interop: \(seen.count) results, multi-tag position error max "
                + "\(String(format: "%.1f", (multiTagErrors.max() ?? 0) * 100)) cm, capture age at receipt in robot "
                + "time median \(ages.isEmpty ? 0 : ages[ages.count / 2] / 1000) ms, max \((ages.last ?? 0) / 1000) ms"
        )
        #expect(multiTagErrors.allSatisfy { $0 < 0.05 }, "multi-tag errors \(multiTagErrors)")
        // The capture time is in the robot's time base: never in its future, and not older than the pipeline
        // (a debug build on a loaded machine) and NT's 10 ms periodic flush can explain.
        #expect(ages.allSatisfy { $0 >= 0 && $0 < 2_000_000 }, "capture ages at receipt \(ages) us")
    }
}
