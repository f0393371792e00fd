import Foundation
import TestSupport
import Testing

/// Hostile frames to every socket of the real services (pyzmq attacker on loopback, no keys): 10,000 frames of each
/// class (`Tests/IntegrationTests/peers/hostile_frames.py`: truncated at every length, bit flips, NaN/inf/1e30 in
/// every float field, sequence wrap, unknown types, oversized) to camstreamer's results PULL and to both services'
/// control PAIRs. The services keep serving results, MJPEG and status, and their memory stays bounded.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct HostileFramesIntegrationTests {
    static let peer = "Tests/IntegrationTests/peers/hostile_frames.py"

    /// Resident memory of a process, KiB; throws (failing the test) when `/proc` cannot be read.
    static func residentKiB(_ pid: Int32) throws -> Int {
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let value = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) }), value > 0
        else { throw TestFailure("no VmRSS in /proc/\(pid)/status: cannot measure memory") }
        return value
    }

    /// The status figures of the service at `endpoint`, through the Python peer.
    static func figures(_ endpoint: String) async throws -> [String: Double] {
        let result = try await Python.run(Self.peer, ["status", endpoint], timeout: .seconds(20))
        guard let line = result.output.split(separator: "\n").last,
            let json = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
            let figures = json["figures"] as? [String: Any]
        else { throw TestFailure("no status from \(endpoint): \(result.output) \(result.errorOutput)") }
        return figures.compactMapValues { ($0 as? NSNumber)?.doubleValue }
    }

    /// Whether the MJPEG server answers a snapshot.
    static func snapshotServed(port: Int) async throws -> Bool {
        let fetch = try await ChildProcess.run(
            "curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "3", "http://127.0.0.1:\(port)/?action=snapshot"],
            timeout: .seconds(5)
        )
        return fetch.output == "200"
    }

    @Test func hostileFramesToEverySocketLeaveTheServicesServing() async throws {
        try Python.require(["zmq"])
        let streamPort = try FreePort.allocate(count: 2)
        let results = try FreePort.endpoint()
        let streamerControl = try FreePort.endpoint()
        let targetingControl = try FreePort.endpoint()
        let streamer = try ChildProcess(
            try Project.executable("camstreamer"),
            [
                "--control", streamerControl, "--set", "results.bind=[\"\(results)\"]",
                "--set", "streaming.base_port=\(streamPort)", "--set", "service.log_level=warning",
            ]
        )
        defer { streamer.kill() }
        let targeting = try ChildProcess(
            try Project.executable("targeting"),
            [
                "--control", targetingControl, "--set", "results.connect=[\"\(results)\"]",
                "--set", "service.log_level=warning",
            ]
        )
        defer { targeting.kill() }
        try await eventually(timeout: .seconds(20), "targeting's results reaching camstreamer") {
            (try? await Self.figures(streamerControl))?["results_received"] ?? 0 > 10
        }
        #expect(try await Self.snapshotServed(port: streamPort))
        let before = (streamer: try Self.residentKiB(streamer.pid), targeting: try Self.residentKiB(targeting.pid))

        let clock = ContinuousClock()
        let start = clock.now
        let attacks: [(endpoint: String, kind: String)] = [
            (results, "push"), (streamerControl, "pair"), (targetingControl, "pair"),
        ]
        for attack in attacks {
            let sent = try await Python.run(Self.peer, ["send", attack.endpoint, attack.kind, "10000"], timeout: .seconds(60))
            print("hostile frames to \(attack.kind) \(attack.endpoint): \(sent.output.trimmingCharacters(in: .whitespacesAndNewlines)) \(sent.errorOutput)")
            #expect(sent.status == 0)
            #expect(streamer.isRunning && targeting.isRunning, "a service died under hostile frames to \(attack.endpoint)")
        }
        let attackSeconds = clock.now - start

        // Still serving: results flow, MJPEG answers, both control channels answer status.
        let received = try await Self.figures(streamerControl)["results_received"] ?? 0
        try await eventually(timeout: .seconds(10), "results still flowing") {
            (try? await Self.figures(streamerControl))?["results_received"] ?? 0 > received + 10
        }
        #expect(try await Self.snapshotServed(port: streamPort))
        let streamerFigures = try await Self.figures(streamerControl)
        let targetingFigures = try await Self.figures(targetingControl)
        #expect(streamerFigures["results_malformed"] ?? 0 > 1_000)
        #expect(!targetingFigures.isEmpty)

        let after = (streamer: try Self.residentKiB(streamer.pid), targeting: try Self.residentKiB(targeting.pid))
        print(
            "hostile frames: \(attackSeconds) of attack; camstreamer RSS \(before.streamer) -> \(after.streamer) KiB, "
                + "targeting RSS \(before.targeting) -> \(after.targeting) KiB; camstreamer figures \(streamerFigures)"
        )
        #expect(after.streamer - before.streamer < 64 * 1024)
        #expect(after.targeting - before.targeting < 64 * 1024)
        #expect(streamer.isRunning && targeting.isRunning)
    }

    @Test func aliasBombConfigExitsWithCode2Quickly() async throws {
        var lines = ["lol0: &lol0 \"lol\""]
        for level in 1...9 {
            lines.append("lol\(level): &lol\(level) [" + Array(repeating: "*lol\(level - 1)", count: 10).joined(separator: ", ") + "]")
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bomb-\(UUID().uuidString).yml")
        try lines.joined(separator: "\n").write(to: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: path) }
        for executable in ["camstreamer", "targeting"] {
            let result = try await ChildProcess.run(
                try Project.executable(executable), ["--config", path.path], timeout: .seconds(10)
            )
            print("\(executable) with an alias bomb: exit \(result.status) after \(result.seconds) s: \(result.output)")
            #expect(result.status == 2)
            #expect(result.seconds < 5)
            #expect((result.output + result.errorOutput).contains("alias"))
        }
    }
}
