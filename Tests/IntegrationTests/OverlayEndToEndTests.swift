import Foundation
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
        let fetch = try await CommandRun.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["curl", "-s", "--max-time", "3", "-o", path.path, "http://127.0.0.1:\(port)/?action=snapshot"],
            timeout: 5
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

    static func waitFor(_ expected: Cue, port: Int, seconds: Double) async throws -> Double? {
        let start = Date()
        while Date().timeIntervalSince(start) < seconds {
            if try await Self.cue(port: port) == expected { return Date().timeIntervalSince(start) }
            try await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }

    @Test func killingTargetingTurnsTheOverlayToNoDataAndRestartingBringsItBack() async throws {
        let streamPort = Int(try Ports.freeEndpoint().split(separator: ":").last!)!
        _ = try Ports.freeEndpoint()  // the second camera's port
        let results = try Ports.freeEndpoint()
        let streamerControl = try Ports.freeEndpoint()
        let streamer = try ServiceProcess(
            "camstreamer",
            ["--control", streamerControl, "--set", "results.bind=[\"\(results)\"]", "--set", "streaming.base_port=\(streamPort)"]
        )
        #expect(await streamer.waitForLog("control channel listening"))
        func startTargeting() async throws -> ServiceProcess {
            let targeting = try ServiceProcess(
                "targeting",
                ["--control", try Ports.freeEndpoint(), "--set", "results.connect=[\"\(results)\"]"]
            )
            #expect(await targeting.waitForLog("control channel listening"))
            return targeting
        }
        var targeting: ServiceProcess? = try await startTargeting()
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
        #expect(await streamer.waitForExit(seconds: 10) == 0)
    }
}
