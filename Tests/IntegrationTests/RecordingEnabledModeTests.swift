import Foundation
import TestSupport
import Testing

/// `record.mode: enabled` against WPILib's own NetworkTables server (pyntcore) standing in for the robot: nothing is
/// recorded while `/FMSInfo/FMSControlData` says disabled, a segment starts when it says enabled, and the log's
/// timestamps are the robot's clock.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct RecordingEnabledModeTests {
    @Test func recordsOnlyWhileTheRobotIsEnabledInTheRobotsTime() async throws {
        guard Python.isAvailable(["ntcore"], for: "the record.mode enabled test") else { return }
        let directory = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: directory) }
        let port = try FreePort.allocate()
        let robot = try ChildProcess(
            "python3", [Project.repository.appendingPathComponent("Tests/IntegrationTests/peers/fms_server.py").path, "\(port)"],
            input: true, mergeErrors: false
        )
        defer { robot.kill() }
        #expect(await robot.waitForOutput("READY"))
        let targeting = try ChildProcess(
            try Project.executable("targeting"),
            ["--control", try FreePort.endpoint(), "--set", "results.connect=[\"\(try FreePort.endpoint())\"]",
             "--set", "networktables.server.enabled=true", "--set", "networktables.server.server_host=127.0.0.1",
             "--set", "networktables.server.port=\(port)", "--set", "record.mode=enabled",
             "--set", "record.directory=\(directory.path)"]
        )
        #expect(await targeting.waitForOutput("targeting started", timeout: .seconds(30)))
        // Disabled: frames are processed but not recorded.
        try await Task.sleep(for: .seconds(2))
        #expect(!targeting.output.contains("recording segment started"), "nothing recorded while disabled")
        robot.write(Data("enable\n".utf8))
        #expect(await robot.waitForOutput("OK 49"))
        #expect(await targeting.waitForOutput("recording segment started", timeout: .seconds(20)))
        try await Task.sleep(for: .seconds(3))
        #expect(await targeting.stop(grace: .seconds(10)) == 0)
        robot.closeInput()
        _ = await robot.waitForExit(timeout: .seconds(5))

        let name = try #require(
            try FileManager.default.contentsOfDirectory(atPath: directory.path).first { $0.hasSuffix(".wpilog") }
        )
        guard Python.isAvailable(["wpiutil"], for: "the record.mode enabled log check") else { return }
        let check = try await Python.run(
            "Tests/RecordingTests/peers/wpilog_summary.py", [directory.appendingPathComponent(name).path]
        )
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data((check.output.split(separator: "\n").last ?? "").utf8))
                as? [String: Any]
        )
        let entries = try #require(json["entries"] as? [String: [String: Any]])
        #expect((entries["/vision/main/frameNumber"]?["count"] as? Int ?? 0) > 30)
        // The first frames after enabling: frame numbers start well after 1 (the disabled frames were not recorded).
        let series = try #require(json["series"] as? [String: [Int]])
        #expect((series["frameNumber"]?.first ?? 0) > 30)
        #expect(json["time_sources"] as? [String] == ["robot"], "timestamps in the robot's clock (NT time sync)")
        #expect(targeting.output.contains("recording segment closed"))
    }
}
