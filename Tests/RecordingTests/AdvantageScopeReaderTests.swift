import Foundation
import Logging
import Recording
import TestSupport
import Testing
import WireFormat

/// A recorded DataLog read by AdvantageScope's own decoders (`peers/advantagescope/`: its `WPILOGDecoder` and
/// `StructDecoder`, unmodified, driven as its log worker drives them): every entry is there with the type
/// AdvantageScope shows it as, no entry is dropped as short-lived, and the field pose decodes as a `Pose3d` it puts on
/// the field view.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct AdvantageScopeReaderTests {
    @Test func advantageScopesDecodersReadEveryEntryAndTheFieldPose() async throws {
        guard let esbuild = Project.tool("esbuild"), let node = Project.tool("node") else {
            print("Skipping the AdvantageScope check: esbuild or node is missing (scripts/setup-debian.sh --test installs them)")
            return
        }
        let directory = try TemporaryDirectory.make("advantagescope")
        defer { try? FileManager.default.removeItem(at: directory) }
        var configuration = RecordingFixtures.configuration(directory)
        configuration.queueFrames = 200  // the frames come faster than a camera's: none may be dropped
        let recorder = try MatchRecorder(
            configuration: configuration, cameraName: "front", configJSON: "{}",
            logger: Logger(label: "test.advantagescope")
        )
        // 90 frames 33 ms apart: 3 s of log time, so no entry is short-lived (AdvantageScope drops those under 1 s).
        let frames = try (0..<3).map { try RecordingFixtures.frame($0) }
        let start = MonotonicClock.now()
        for index in 0..<90 {
            let number = UInt64(index + 1)
            recorder.record(
                frames[index % 3], RecordingFixtures.result(number, captureTime: start + UInt64(index) * 33_333_333))
        }
        await recorder.close()
        let stem = try #require(RecordingFixtures.stems(in: directory).first)

        let script = directory.appendingPathComponent("read_wpilog.js").path
        let bundle = try await ChildProcess.run(
            esbuild,
            [
                Project.repository.appendingPathComponent("Tests/RecordingTests/peers/advantagescope/read_wpilog.ts").path,
                "--bundle", "--platform=node", "--log-level=warning", "--outfile=\(script)",
            ], timeout: .seconds(60))
        try #require(bundle.status == 0, "esbuild: \(bundle.output)")
        let run = try await ChildProcess.run(
            node, [script, directory.appendingPathComponent(stem + ".wpilog").path], mergeErrors: false,
            timeout: .seconds(60))
        try #require(run.status == 0, "AdvantageScope's decoder: \(run.output) \(run.errorOutput)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])

        #expect(summary["errors"] as? [String] == [], "\(summary["errors"] ?? "")")
        #expect(summary["shortLived"] as? [String] == [], "\(summary["shortLived"] ?? "")")
        let entries = try #require(summary["entries"] as? [String: [String: Any]])
        let expected: [String: (kind: String, count: Int)] = [
            "/vision/front/frameNumber": ("Number", 90), "/vision/front/latencyMs": ("Number", 90),
            "/vision/front/fps": ("Number", 90), "/vision/front/targetCount": ("Number", 90),
            "/vision/front/targets/id": ("NumberArray", 90), "/vision/front/targets/yawDegrees": ("NumberArray", 90),
            "/vision/front/fieldPose": ("Raw", 45), "/vision/front/config": ("String", 1),
            "/.schema/struct:Pose3d": ("Raw", 1),
        ]
        for (name, want) in expected {
            #expect(entries[name]?["kind"] as? String == want.kind, "\(name): \(entries[name] ?? [:])")
            #expect(entries[name]?["count"] as? Int == want.count, "\(name): \(entries[name] ?? [:])")
        }
        #expect(entries["/vision/front/fieldPose"]?["type"] as? String == "struct:Pose3d")

        // The fixture's odd frames carry the robot at (1.5, 2.5, 0) with the identity rotation.
        let poses = try #require((summary["structValues"] as? [String: [Any]])?["/vision/front/fieldPose"])
        #expect(poses.count == 45)
        let pose = try #require(poses.first as? [String: Any])
        let translation = pose["translation"] as? [String: Double]
        let quaternion = (pose["rotation"] as? [String: Any])?["q"] as? [String: Double]
        #expect(translation == ["x": 1.5, "y": 2.5, "z": 0], "\(pose)")
        #expect(quaternion == ["w": 1, "x": 0, "y": 0, "z": 0], "\(pose)")
        print("AdvantageScope's decoders: \(entries.count) entries, \(poses.count) Pose3d values, no errors")
    }
}
