import Foundation
import TestSupport
import Testing

/// `examples/photonlib_example.py` (unchanged PhotonVision robot code: PhotonCamera, PhotonPoseEstimator with the
/// coprocessor multi-tag strategy, robot-to-camera, field layout) against the real targeting executable on rendered
/// scenes of known pose. In ``PhotonLibInteropTests`` (serialized): PhotonCamera binds UDP 5810.
extension PhotonLibInteropTests {
    @Test func theREADMEsPhotonLibExampleEstimatesTheRobotPose() async throws {
        guard let field = try await self.renderedField(count: 4, seed: 11, for: "the PhotonLib example test") else {
            return
        }
        defer { field.remove() }
        try #require(!field.scenes.isEmpty)

        let port = try FreePort.allocate()
        let robot = try Python.peer(
            "examples/photonlib_example.py",
            [
                "--camera", "front", "--layout", field.layout, "--robot-to-camera", "0.3,-0.1,0.5", "--port", "\(port)",
                "--seconds", "90",
            ])
        let ready = await waitUntil(timeout: .seconds(30)) { robot.errorOutput.contains("robot ready") }
        try #require(ready, "example: \(robot.errorOutput)")
        let targeting = try self.startTargeting(
            ntPort: port,
            ["--set", "camera.fps=15", "--set", "camera.loop=true"]
                + field.targetingSettings(location: field.path("scene_*.png"))
        )
        defer {
            targeting.kill()
            robot.kill()
        }
        func estimates() -> [[String: Any]] { robot.jsonLines.filter { $0["x"] != nil } }
        let enough = await waitUntil(timeout: .seconds(60)) { estimates().count >= 2 * field.scenes.count }
        targeting.kill(SIGTERM)
        _ = await targeting.waitForExit(timeout: .seconds(10))
        robot.kill(SIGINT)
        _ = await robot.waitForExit(timeout: .seconds(10))
        #expect(enough, "the example printed \(estimates().count) estimates: \(robot.errorOutput.suffix(2000))")
        var errors: [Double] = []
        for estimate in estimates() {
            let position = [estimate["x"], estimate["y"], estimate["z"]].compactMap { $0 as? Double }
            let tags = Set(estimate["tags"] as? [Int] ?? [])
            let scenes = field.scenes.filter { Set($0.visible_ids) == tags }
            #expect(!scenes.isEmpty, "tags \(tags) match no scene")
            // The robot is where the camera is, moved back by robot-to-camera (0.3, -0.1, 0.5) in the camera frame.
            errors.append(
                scenes.map { scene in
                    let truth = scene.field_to_camera.apply([-0.3, 0.1, -0.5])
                    return zip(position, truth).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
                }.min() ?? .infinity)
            #expect(estimate["connected"] as? Bool == true)
        }
        print("PhotonLib example: \(errors.count) robot pose estimates, max error \(String(format: "%.1f", (errors.max() ?? 0) * 100)) cm")
        #expect(errors.allSatisfy { $0 < 0.05 }, "robot pose errors \(errors) m")
    }
}
