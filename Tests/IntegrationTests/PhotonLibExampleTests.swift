import Foundation
import TestSupport
import Testing

/// `examples/photonlib_example.py` (unchanged PhotonVision robot code: PhotonCamera, PhotonPoseEstimator with the
/// coprocessor multi-tag strategy, robot-to-camera, field layout) against the real targeting executable on rendered
/// scenes of known pose. In ``PhotonLibInteropTests`` (serialized): PhotonCamera binds UDP 5810.
extension PhotonLibInteropTests {
    @Test func theREADMEsPhotonLibExampleEstimatesTheRobotPose() async throws {
        guard Python.isAvailable(["photonlibpy", "robotpy_apriltag", "cv2"], for: "the PhotonLib example test") else {
            return
        }
        let directory = try TemporaryDirectory.make("photonlib-example")
        defer { try? FileManager.default.removeItem(at: directory) }
        let render = try await Python.run(
            "Tests/LocalizationTests/peers/render_scene.py", ["--out", directory.path, "--count", "4", "--seed", "11"],
            timeout: .seconds(90))
        try #require(render.status == 0, "render_scene.py failed: \(render.output)")
        let index = try JSONDecoder().decode(
            SceneIndex.self, from: Data(contentsOf: directory.appendingPathComponent("scenes.json")))
        try #require(!index.scenes.isEmpty)

        let port = try FreePort.allocate()
        let robot = try Python.peer(
            "examples/photonlib_example.py",
            [
                "--camera", "front", "--layout", index.layout, "--robot-to-camera", "0.3,-0.1,0.5", "--port", "\(port)",
                "--seconds", "90",
            ])
        let ready = await waitUntil(timeout: .seconds(30)) { robot.errorOutput.contains("robot ready") }
        try #require(ready, "example: \(robot.errorOutput)")
        let targeting = try ChildProcess(
            try Project.executable("targeting"),
            [
                "--control", try FreePort.endpoint(),
                "--set", "results.connect=[\"\(try FreePort.endpoint())\"]",
                "--set", "camera_name=front",
                "--set", "camera.kind=images",
                "--set", "camera.location=\(directory.path)/scene_*.png",
                "--set", "camera.fps=15",
                "--set", "camera.loop=true",
                "--set", "calibration=\(directory.appendingPathComponent(index.calibration).path)",
                "--set", "pipeline.kind=apriltag",
                "--set", "field.layout=\(index.layout)",
                "--set", "networktables.server.enabled=true",
                "--set", "networktables.server.server_host=127.0.0.1",
                "--set", "networktables.server.port=\(port)",
            ])
        defer {
            targeting.kill()
            robot.kill()
        }
        func estimates() -> [[String: Any]] { robot.jsonLines.filter { $0["x"] != nil } }
        let enough = await waitUntil(timeout: .seconds(60)) { estimates().count >= 2 * index.scenes.count }
        targeting.kill(SIGTERM)
        _ = await targeting.waitForExit(timeout: .seconds(10))
        robot.kill(SIGINT)
        _ = await robot.waitForExit(timeout: .seconds(10))
        #expect(enough, "the example printed \(estimates().count) estimates: \(robot.errorOutput.suffix(2000))")
        var errors: [Double] = []
        for estimate in estimates() {
            let position = [estimate["x"], estimate["y"], estimate["z"]].compactMap { $0 as? Double }
            let tags = Set(estimate["tags"] as? [Int] ?? [])
            let scenes = index.scenes.filter { Set($0.visibleIDs) == tags }
            #expect(!scenes.isEmpty, "tags \(tags) match no scene")
            // The robot is where the camera is, moved back by robot-to-camera (0.3, -0.1, 0.5) in the camera frame.
            errors.append(
                scenes.map { scene in
                    let truth = scene.fieldToCamera.apply([-0.3, 0.1, -0.5])
                    return zip(position, truth).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
                }.min() ?? .infinity)
            #expect(estimate["connected"] as? Bool == true)
        }
        print("PhotonLib example: \(errors.count) robot pose estimates, max error \(String(format: "%.1f", (errors.max() ?? 0) * 100)) cm")
        #expect(errors.allSatisfy { $0 < 0.05 }, "robot pose errors \(errors) m")
    }
}
