import Foundation
import TestSupport
import Testing

/// Robot code's side of the PhotonVision contract beyond reading results, through photonlibpy against the real
/// targeting executable (`scripts/photon-peer.py robot`): PhotonVision's time sync, PhotonLib's requests, and a
/// disconnect. The camera is targeting's demo camera (the 2019 target rendered at 30 fps, reflective2019 pipeline).
/// In ``PhotonLibInteropTests`` (serialized): every test binds UDP 5810, the time sync server's fixed port.
extension PhotonLibInteropTests {
    /// The robot: a pyntcore server and photonlibpy's PhotonCamera("front"); returns it with its NT4 port.
    func startRobot(seconds: Int = 120) async throws -> (ChildProcess, Int)? {
        guard Python.isAvailable(["photonlibpy", "ntcore", "wpilib"], for: "the PhotonLib robot tests") else {
            return nil
        }
        let robot = try Python.peer("scripts/photon-peer.py", ["robot", "--camera", "front", "--seconds", "\(seconds)"], input: true)
        let ready = await robot.waitForLine(timeout: .seconds(30)) { $0.hasPrefix("READY ") }
        let port = try #require(ready.flatMap { Int($0.dropFirst("READY ".count)) }, "robot: \(robot.errorOutput)")
        return (robot, port)
    }

    /// The real targeting executable as camera "front" (its demo camera unless `extra` sets another), publishing to the
    /// robot's NT server.
    func startTargeting(ntPort: Int, _ extra: [String] = []) throws -> ChildProcess {
        try ChildProcess(
            try Project.executable("targeting"),
            [
                "--control", try FreePort.endpoint(),
                "--set", "results.connect=[\"\(try FreePort.endpoint())\"]",
                "--set", "camera_name=front",
                "--set", "networktables.server.enabled=true",
                "--set", "networktables.server.server_host=127.0.0.1",
                "--set", "networktables.server.port=\(ntPort)",
            ] + extra
        )
    }

    static func results(_ robot: ChildProcess) -> [[String: Any]] { robot.jsonLines.filter { $0["seq"] != nil } }
    static func statuses(_ robot: ChildProcess) -> [[String: Any]] { robot.jsonLines.filter { $0["connected"] != nil } }

    @Test func captureTimestampsAreInRobotTimeThroughTimeSyncAndNoFrameIsLost() async throws {
        guard let (robot, port) = try await self.startRobot() else { return }
        let targeting = try self.startTargeting(ntPort: port)
        defer {
            targeting.kill()
            robot.kill()
        }
        // Synchronised: results carry a time since the last pong.
        let synced = await waitUntil(timeout: .seconds(60)) {
            Self.results(robot).contains { ($0["since_pong_us"] as? Int ?? -1) >= 0 }
        }
        try #require(synced, "no time-synced result; targeting: \(targeting.errorOutput.suffix(2000))")
        // After the warm-up (the first pongs, 0.8 s: the first may have waited for the robot's server thread).
        let warmedUp = Self.results(robot).count + 30
        _ = await waitUntil(timeout: .seconds(20)) { Self.results(robot).count >= warmedUp }
        let start = Self.results(robot).count
        let statusStart = Self.statuses(robot).count
        // About 3 s at 30 fps.
        let collected = await waitUntil(timeout: .seconds(20)) { Self.results(robot).count >= start + 90 }
        #expect(collected, "PhotonLib saw \(Self.results(robot).count - start) results")
        let window = Array(Self.results(robot).dropFirst(start))
        let statuses = Array(Self.statuses(robot).dropFirst(statusStart))
        targeting.kill(SIGTERM)
        robot.closeInput()
        _ = await targeting.waitForExit(timeout: .seconds(10))
        _ = await robot.waitForExit(timeout: .seconds(10))
        #expect(robot.jsonLines.filter { $0["error"] != nil }.isEmpty, "PhotonLib errors: \(robot.output.suffix(2000))")

        let sequence = window.compactMap { $0["seq"] as? Int }
        let gaps = zip(sequence, sequence.dropFirst()).filter { $1 - $0 != 1 }
        #expect(sequence.count == window.count && gaps.isEmpty, "sequence gaps (lost frames): \(gaps)")
        // The offset targeting applies (its .timesync/offset_us) against the true one (the robot's FPGA clock minus
        // CLOCK_MONOTONIC, read side by side in the robot's process): the capture timestamp's conversion error.
        let offsetErrors = statuses.compactMap { status -> Double? in
            guard let ours = status["sync_offset_us"] as? Int, let truth = status["true_offset_us"] as? Int else {
                return nil
            }
            return Double(ours - truth)
        }
        try #require(offsetErrors.count >= 10, "too few status lines with both offsets: \(statuses.suffix(3))")
        let worstOffset = offsetErrors.map(abs).max() ?? .infinity
        // Capture age at receipt, in robot time: pipeline, publish and NT transport.
        let ages = window.compactMap { r -> Double? in
            guard let capture = r["capture_us"] as? Int, let now = r["robot_now_us"] as? Int else { return nil }
            return Double(now - capture) / 1_000
        }
        // rawBytes publish -> returned by getAllUnreadResults() in the robot process (polled every 5 ms), robot time.
        let delivery = window.compactMap { r -> Double? in
            guard let publish = r["publish_us"] as? Int, let now = r["robot_now_us"] as? Int else { return nil }
            return Double(now - publish) / 1_000
        }
        let sincePong = window.compactMap { $0["since_pong_us"] as? Int }
        print(
            "PhotonLib time sync: \(window.count) results over \(sequence.count > 1 ? sequence.last! - sequence.first! + 1 : 0) "
                + "frames, \(gaps.count) gaps; capture timestamp (offset) error vs the robot clock: median "
                + "\(Int(percentile(offsetErrors.map(abs), 50))) us, max \(Int(worstOffset)) us over \(offsetErrors.count) "
                + "readings; capture age at receipt median \(String(format: "%.1f", percentile(ages, 50))) ms, "
                + "p95 \(String(format: "%.1f", percentile(ages, 95))) ms, max \(String(format: "%.1f", ages.max() ?? 0)) ms; "
                + "rawBytes publish to getAllUnreadResults() median \(String(format: "%.1f", percentile(delivery, 50))) ms, "
                + "p95 \(String(format: "%.1f", percentile(delivery, 95))) ms; "
                + "time since pong max \((sincePong.max() ?? 0) / 1_000) ms"
        )
        #expect(worstOffset < 1_000, "offset errors \(offsetErrors) us")
        #expect(ages.allSatisfy { $0 >= -1 }, "a capture time in the robot's future: \(ages)")
        #expect(percentile(ages, 50) < 20, "capture ages at receipt \(ages) ms")
        #expect(sincePong.allSatisfy { (0...1_000_000).contains($0) }, "timeSinceLastPong \(sincePong)")
    }

    @Test func pipelineIndexDriverModeAndFPSLimitRequestsRoundTrip() async throws {
        guard let (robot, port) = try await self.startRobot() else { return }
        let targeting = try self.startTargeting(ntPort: port)
        defer {
            targeting.kill()
            robot.kill()
        }
        func logs() -> String { targeting.output + targeting.errorOutput }
        func send(_ line: String) { robot.write(Data((line + "\n").utf8)) }
        func status() -> [String: Any] { Self.statuses(robot).last ?? [:] }
        /// Waits for `count` new results and returns them.
        func nextResults(_ count: Int) async -> [[String: Any]] {
            let start = Self.results(robot).count
            _ = await waitUntil(timeout: .seconds(20)) { Self.results(robot).count >= start + count }
            return Array(Self.results(robot).dropFirst(start))
        }
        let running = await waitUntil(timeout: .seconds(60)) {
            Self.results(robot).contains { ($0["targets"] as? Int ?? 0) > 0 } && status()["connected"] as? Bool == true
        }
        try #require(running, "targeting: \(logs().suffix(2000))")

        // Pipeline index: targeting has one pipeline, index 0; another index is refused and the state stays.
        send("pipeline 3")
        #expect(await waitUntil(timeout: .seconds(10)) { logs().contains("ignored pipelineIndexRequest 3") })
        send("pipeline 0")
        #expect(!(await nextResults(10)).isEmpty)
        #expect(status()["pipeline"] as? Int == 0)

        // Driver mode: results keep coming (heartbeat, connected) without targets; then targets again.
        send("driver 1")
        #expect(await waitUntil(timeout: .seconds(10)) { status()["driver"] as? Bool == true }, "\(status())")
        _ = await nextResults(3)  // the request's frame
        let driverResults = await nextResults(15)
        #expect(driverResults.count >= 15 && driverResults.allSatisfy { $0["targets"] as? Int == 0 })
        #expect(status()["connected"] as? Bool == true, "connected in driver mode")
        send("driver 0")
        #expect(await waitUntil(timeout: .seconds(10)) { status()["driver"] as? Bool == false })
        #expect(await waitUntil(timeout: .seconds(10)) { (Self.results(robot).last?["targets"] as? Int ?? 0) > 0 })

        // FPS limit 10 on a 30 fps camera: about every third frame is processed.
        send("fps 10")
        #expect(await waitUntil(timeout: .seconds(10)) { status()["fps_limit"] as? Int == 10 })
        _ = await nextResults(2)
        let limited = (await nextResults(10)).compactMap { $0["seq"] as? Int }
        let limitedGaps = zip(limited, limited.dropFirst()).map { $1 - $0 }.sorted()
        #expect(limitedGaps.count >= 9 && limitedGaps[limitedGaps.count / 2] >= 2, "gaps \(limitedGaps)")
        send("fps -1")
        #expect(await waitUntil(timeout: .seconds(10)) { status()["fps_limit"] as? Int == -1 })

        // Malformed: a huge index, a huge limit: warnings, nothing changes, targeting keeps running.
        send("pipeline 1099511627776")
        send("fps 1000000000000")
        #expect(await waitUntil(timeout: .seconds(10)) {
            logs().contains("ignored pipelineIndexRequest") && logs().contains("ignored fpsLimitRequest")
        }, "targeting: \(logs().suffix(2000))")
        let after = await nextResults(30)
        #expect(after.count >= 30, "results after malformed requests")
        let gapsAfter = zip(after, after.dropFirst()).compactMap { pair -> Int? in
            guard let a = pair.0["seq"] as? Int, let b = pair.1["seq"] as? Int else { return nil }
            return b - a
        }
        #expect(gapsAfter.allSatisfy { $0 == 1 }, "the FPS limit stayed off: \(gapsAfter)")
        #expect(status()["pipeline"] as? Int == 0 && status()["fps_limit"] as? Int == -1, "\(status())")
        #expect(targeting.isRunning)
        targeting.kill(SIGTERM)
        robot.closeInput()
        _ = await targeting.waitForExit(timeout: .seconds(10))
        _ = await robot.waitForExit(timeout: .seconds(10))
    }

    @Test func photonLibSeesTheCameraDisconnectWhenTargetingStopsAndReconnectAfterARestart() async throws {
        guard let (robot, port) = try await self.startRobot() else { return }
        var targeting = try self.startTargeting(ntPort: port)
        defer {
            targeting.kill()
            robot.kill()
        }
        func connected() -> Bool? { Self.statuses(robot).last?["connected"] as? Bool }
        // PhotonLib reports a camera connected for 0.5 s after it starts (its heartbeat default counts as a change):
        // wait for results first.
        let publishing = await waitUntil(timeout: .seconds(60)) { Self.results(robot).count >= 10 }
        try #require(publishing, "targeting: \(targeting.errorOutput.suffix(2000))")
        let connectedFirst = await waitUntil(timeout: .seconds(60)) { connected() == true }
        try #require(connectedFirst, "targeting: \(targeting.errorOutput.suffix(2000))")
        let stoppedAt = ContinuousClock.now
        targeting.kill(SIGTERM)
        let disconnected = await waitUntil(timeout: .seconds(5)) { connected() == false }
        let disconnectSeconds = (ContinuousClock.now - stoppedAt) / .seconds(1)
        let exit = await targeting.waitForExit(timeout: .seconds(10))
        // The heartbeat stops with the process: the last result arrives (robot time) before isConnected() turns false.
        let last = Self.results(robot).last
        let firstFalse = Self.statuses(robot).first {
            $0["connected"] as? Bool == false && ($0["robot_now_us"] as? Int ?? 0) > (last?["robot_now_us"] as? Int ?? .max)
        }
        let heartbeatToFalse = Double((firstFalse?["robot_now_us"] as? Int ?? 0) - (last?["robot_now_us"] as? Int ?? 0)) / 1e6
        print(
            "PhotonLib disconnect: isConnected() false \(String(format: "%.2f", disconnectSeconds)) s after SIGTERM, "
                + "\(String(format: "%.2f", heartbeatToFalse)) s after the last result; exit \(exit.map(String.init) ?? "none")"
        )
        #expect(disconnected, "isConnected() stayed true after targeting stopped")
        // PhotonLib debounces 0.5 s, its status is printed every 0.1 s: the heartbeat stopped with targeting.
        #expect(heartbeatToFalse < 0.8, "the heartbeat went on after targeting stopped")
        #expect(exit == 0)

        let resultsBeforeRestart = Self.results(robot).count
        targeting = try self.startTargeting(ntPort: port)
        let reconnected = await waitUntil(timeout: .seconds(60)) {
            Self.results(robot).count > resultsBeforeRestart + 5 && connected() == true
        }
        #expect(reconnected, "not connected again after a restart")
        targeting.kill(SIGTERM)
        robot.closeInput()
        _ = await targeting.waitForExit(timeout: .seconds(10))
        _ = await robot.waitForExit(timeout: .seconds(10))
    }
}
