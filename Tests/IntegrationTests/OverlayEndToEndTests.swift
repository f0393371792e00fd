import Foundation
import TestSupport
import Testing
import Vision

/// The whole path from targeting to a viewer: results cross the bus, camstreamer draws them, and the served
/// JPEG shows the steering cue only while results are fresh.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct OverlayEndToEndTests {
    enum Cue: Equatable { case steering, none }

    /// The border colour of the served snapshot: a saturated red or green frame edge is the steering cue.
    static func cue(port: Int) async throws -> Cue? {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("snapshot-\(UUID().uuidString).jpg")
        defer { try? FileManager.default.removeItem(at: path) }
        let fetch = try await ChildProcess.run(
            "curl", ["-s", "--max-time", "3", "-o", path.path, "http://127.0.0.1:\(port)/?action=snapshot"],
            timeout: .seconds(5)
        )
        guard fetch.status == 0 else { return nil }
        let frame = try Frame(contentsOf: path.path)
        // Pixel (8, 8), inside the border band (1/32 of the width), in BGR order.
        let offset = 8 * frame.stride + 8 * 3
        let (blue, green, red) = frame.withUnsafeMutableBytes { bytes in
            (Int(bytes[offset]), Int(bytes[offset + 1]), Int(bytes[offset + 2]))
        }
        let saturated = (red > 180 && green < 90 && blue < 90) || (green > 180 && red < 90 && blue < 90)
        return saturated ? .steering : Cue.none
    }

    /// Seconds until the snapshot shows `expected`, or `nil` if it does not within `seconds`.
    static func waitFor(_ expected: Cue, port: Int, seconds: Double) async throws -> Double? {
        let start = ContinuousClock.now
        let seen = try await awaitValue(timeout: .milliseconds(Int(seconds * 1000)), pollingEvery: .milliseconds(50)) {
            try await Self.cue(port: port) == expected ? true : nil
        }
        let elapsed = ContinuousClock.now - start
        return seen == nil ? nil : Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    @Test func killingTargetingTurnsTheOverlayToNoDataAndRestartingBringsItBack() async throws {
        let streamPort = try FreePort.allocate(count: 2)  // camstreamer's two cameras take this port and the next
        let results = try FreePort.endpoint()
        let streamerControl = try FreePort.endpoint()
        let streamer = try ChildProcess(
            try Project.executable("camstreamer"),
            ["--control", streamerControl, "--set", "results.bind=[\"\(results)\"]", "--set", "streaming.base_port=\(streamPort)"]
        )
        #expect(await streamer.waitForOutput("control channel listening"))
        func startTargeting() async throws -> ChildProcess {
            let targeting = try ChildProcess(
                try Project.executable("targeting"),
                ["--control", try FreePort.endpoint(), "--set", "results.connect=[\"\(results)\"]"]
            )
            #expect(await targeting.waitForOutput("control channel listening"))
            return targeting
        }
        var targeting: ChildProcess? = try await startTargeting()
        #expect(try await Self.waitFor(.steering, port: streamPort, seconds: 10) != nil, "no cue while targeting runs")

        kill(try #require(targeting?.pid), SIGKILL)
        targeting = nil
        // The stale limit is 0.5 s; allow for the frame and snapshot timing.
        let lost = try await Self.waitFor(.none, port: streamPort, seconds: 3)
        #expect(lost != nil && lost! < 1.5, "the overlay kept its cue \(String(describing: lost)) s after targeting died")

        targeting = try await startTargeting()
        #expect(try await Self.waitFor(.steering, port: streamPort, seconds: 10) != nil, "the cue did not come back")
        _ = targeting
        kill(streamer.pid, SIGTERM)
        #expect(await streamer.waitForExit(timeout: .seconds(10)) == 0)
    }
}
