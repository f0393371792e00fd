import Foundation
import TestSupport
import Testing

/// The real thing: robot code's PhotonLib reads the real targeting executable. A Python process is the robot: a
/// pyntcore NT4 server and photonlibpy's `PhotonCamera("front")` (`scripts/photon-peer.py robot`); targeting runs
/// the AprilTag pipeline and field localization on rendered scenes of known camera pose on the 2026 field
/// (`Tests/LocalizationTests/peers/render_scene.py`) and publishes to that server. Checked through PhotonLib's API:
/// every result decodes (the UUID check passes), tag ids match a scene, sequence ids increase, `isConnected()`,
/// the multi-tag estimate is within 5 cm of the rendered camera pose, `PhotonPoseEstimator`'s coprocessor
/// multi-tag strategy gives the robot pose through its robot-to-camera transform within 5 cm, each best
/// camera-to-target distance is within 3 %, and PhotonLib's `getTimestampSeconds()` is the capture time in the
/// robot's time base (within 2.5 ms: photonlibpy derives it from the NT value's time, our NT4 time sync, while the
/// capture time comes from PhotonVision's time sync).
///
/// `PhotonCamera` binds PhotonVision's time sync port (UDP 5810 on all interfaces): one such test at a time.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct PhotonLibInteropTests {
    /// `count` rendered scenes for `test`, or nil (said why) when Python lacks photonlibpy or the renderer's modules.
    func renderedField(count: Int, seed: Int, for test: String) async throws -> RenderedField? {
        guard Python.isAvailable(["photonlibpy"] + RenderedField.pythonModules, for: test) else { return nil }
        return try await RenderedField.render(count: count, seed: seed)
    }

    @Test func photonLibReadsTargetingsResultsOfRenderedScenes() async throws {
        guard let field = try await self.renderedField(count: 6, seed: 3, for: "the PhotonLib interop test") else {
            return
        }
        defer { field.remove() }
        try #require(field.scenes.count >= 3, "too few scenes decoded by WPILib's detector")

        let robot = try Python.peer(
            "scripts/photon-peer.py",
            [
                "robot", "--camera", "front", "--seconds", "120", "--layout", field.layout,
                "--robot-to-camera", "0.3,-0.1,0.5",
            ], input: true)
        let ready = await robot.waitForLine(timeout: .seconds(30)) { $0.hasPrefix("READY ") }
        let port = try #require(ready.flatMap { Int($0.dropFirst("READY ".count)) }, "robot: \(robot.errorOutput)")

        let targeting = try self.startTargeting(
            ntPort: port,
            ["--set", "camera.fps=30", "--set", "camera.loop=true"]
                + field.targetingSettings(location: field.path("scene_*.png"))
        )
        func results() -> [[String: Any]] { robot.jsonLines.filter { $0["seq"] != nil } }
        let wanted = 2 * field.scenes.count + 4
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
        var robotErrors: [Double] = []
        var distanceErrors: [Double] = []
        var farDistanceErrors: [Double] = []
        var ages: [Int] = []
        var syncDisagreements: [Int] = []
        func distance(_ a: [Double], _ b: [Double]) -> Double {
            guard a.count == 3, b.count == 3 else { return .infinity }
            return zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
        }
        for result in seen {
            let ids = result["ids"] as? [Int] ?? []
            let scenes = field.scenes.filter { Set($0.visible_ids) == Set(ids) }
            #expect(!scenes.isEmpty, "ids \(ids) match no scene")
            let multitag = try #require(result["multitag"] as? [String: Any], "every scene shows two tags or more")
            #expect(Set(multitag["ids"] as? [Int] ?? []) == Set(ids))
            // Two scenes may show the same tags: each figure is taken against the closest of them.
            let camera = multitag["translation"] as? [Double] ?? []
            multiTagErrors.append(
                scenes.map { scene in
                    let p = scene.field_to_camera.translation
                    return distance(camera, [p.x, p.y, p.z])
                }.min() ?? .infinity)
            // The robot is where the camera is, moved back by robot-to-camera (0.3, -0.1, 0.5) in the camera frame.
            let robotPose = result["estimated_robot"] as? [Double] ?? []
            robotErrors.append(
                scenes.map { distance(robotPose, $0.field_to_camera.apply([-0.3, 0.1, -0.5])) }.min() ?? .infinity)
            // Single-tag solves lose accuracy with range (a 16.5 cm tag is about 35 px wide at 4.4 m): the 3 % bound
            // applies up to 4 m; farther tags are reported.
            let distances = result["best_distances"] as? [Double] ?? []
            for (id, measured) in zip(ids, distances) {
                let candidates = scenes.compactMap { scene in
                    scene.visible_ids.firstIndex(of: id).map { scene.distances_m[$0] }
                }
                guard let truth = candidates.min(by: { abs(measured - $0) < abs(measured - $1) }) else { continue }
                let error = abs(measured - truth) / truth
                if truth <= 4 { distanceErrors.append(error) } else { farDistanceErrors.append(error) }
            }
            let capture = try #require(result["capture_us"] as? Int)
            let publish = try #require(result["publish_us"] as? Int)
            let timestamp = try #require(result["timestamp_us"] as? Int)
            let robotNow = try #require(result["robot_now_us"] as? Int)
            #expect(capture <= publish)
            // photonlibpy's getTimestampSeconds() is the NT value's time (our NT4 time sync) minus publish - capture
            // (PhotonVision's time sync). Each sync is off by at most half its best round trip; on a 2-core CI machine
            // running the whole suite pyntcore's server answered within 2.2 ms at best (the two syncs then differed by
            // 1.1 ms in every result), so they must agree within 2.5 ms. The offset's own accuracy is checked
            // against the robot's clock in captureTimestampsAreInRobotTimeThroughTimeSyncAndNoFrameIsLost().
            #expect(abs(timestamp - capture) <= 2_500, "getTimestampSeconds() \(timestamp) us, capture \(capture) us")
            syncDisagreements.append(abs(timestamp - capture))
            ages.append(robotNow - capture)
        }
        ages.sort()
        let (medianAge, maxAge) = ((ages.isEmpty ? 0 : ages[ages.count / 2]) / 1000, (ages.last ?? 0) / 1000)
        func centimetres(_ values: [Double]) -> String { String(format: "%.1f cm", (values.max() ?? 0) * 100) }
        print(
            "PhotonLib interop: \(seen.count) results; max errors: multi-tag camera \(centimetres(multiTagErrors)), "
                + "PhotonPoseEstimator robot \(centimetres(robotErrors)), best distance "
                + "\(String(format: "%.2f", (distanceErrors.max() ?? 0) * 100)) % up to 4 m, "
                + "\(String(format: "%.2f", (farDistanceErrors.max() ?? 0) * 100)) % beyond; capture age at receipt "
                + "in robot time median \(medianAge) ms, max \(maxAge) ms; getTimestampSeconds() - capture max "
                + "\(syncDisagreements.max() ?? 0) us"
        )
        #expect(robotErrors.allSatisfy { $0 < 0.05 }, "PhotonPoseEstimator robot errors \(robotErrors)")
        #expect(
            !distanceErrors.isEmpty && distanceErrors.allSatisfy { $0 < 0.03 }, "best distance errors \(distanceErrors)"
        )
        #expect(multiTagErrors.allSatisfy { $0 < 0.05 }, "multi-tag errors \(multiTagErrors)")
        // The capture time is in the robot's time base: never in its future, and not older than the pipeline
        // (a debug build on a loaded machine) and NT's 10 ms periodic flush can explain.
        #expect(ages.allSatisfy { $0 >= 0 && $0 < 2_000_000 }, "capture ages at receipt \(ages) us")
    }
}
