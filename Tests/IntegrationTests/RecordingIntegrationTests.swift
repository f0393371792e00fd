import Bus
import Foundation
import Logging
import TestSupport
import Testing
import WireFormat

/// `record` and `targeting replay` through the real executable with the demo camera (the 2019 target at 30 fps):
/// a stopped service leaves a segment that WPILib's reader and ffprobe read with matching frame counts, replay
/// reproduces it, `replay --publish` plays it on the bus, and a kill -9 leaves every completed segment readable.
@Suite(.serialized, .timeLimit(.minutes(10)))
struct RecordingIntegrationTests {
    /// Starts targeting recording into `directory` with `extra` settings; returns it and its control endpoint.
    static func startRecording(_ directory: URL, _ extra: [String] = []) async throws -> (ChildProcess, String) {
        let control = try FreePort.endpoint()
        let targeting = try ChildProcess(
            try Project.executable("targeting"),
            ["--control", control, "--set", "results.connect=[\"\(try FreePort.endpoint())\"]",
             "--set", "record.mode=always", "--set", "record.directory=\(directory.path)"] + extra
        )
        #expect(await targeting.waitForOutput("recording segment started", timeout: .seconds(30)))
        return (targeting, control)
    }

    static func logPaths(_ directory: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".wpilog") }
            .sorted().map { directory.appendingPathComponent($0).path }
    }

    /// Frame numbers in the log (read with WPILib's reader) and frames in the video beside it (ffprobe), or `nil` when
    /// a reader is missing (the reason is printed).
    static func counts(_ logPath: String) async throws -> (log: Int, video: Int)? {
        let videoPath = String(logPath.dropLast(".wpilog".count)) + ".mkv"
        guard Project.tool("ffprobe") != nil else {
            print("Skipping the reader checks: ffprobe is not installed (scripts/setup-debian.sh --test)")
            return nil
        }
        guard Python.isAvailable(["wpiutil"], for: "the recording reader checks") else { return nil }
        let summary = try await Python.run("Tests/RecordingTests/peers/wpilog_summary.py", [logPath])
        guard summary.status == 0, let line = summary.output.split(separator: "\n").last,
            let json = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
            let series = json["series"] as? [String: [Int]]
        else { throw TestFailure("WPILib's reader failed on \(logPath): \(summary.output)") }
        let probe = try await ChildProcess.run(
            "ffprobe", ["-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries",
                        "stream=nb_read_frames", "-of", "csv=p=0", videoPath],
            mergeErrors: false, timeout: .seconds(120)
        )
        guard probe.status == 0, let frames = Int(probe.output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw TestFailure("ffprobe failed on \(videoPath): \(probe.errorOutput)")
        }
        #expect(series["videoFrameIndex"] == Array(0..<(series["videoFrameIndex"]?.count ?? 0)), "\(logPath)")
        return (series["frameNumber"]?.count ?? -1, frames)
    }

    static func replay(_ arguments: [String]) async throws -> (lines: [String], summary: [String: Any]) {
        let run = try await ChildProcess.run(
            try Project.executable("targeting"), ["replay"] + arguments, mergeErrors: false, timeout: .seconds(300)
        )
        guard run.status == 0, let last = run.output.split(separator: "\n").last,
            let json = try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any],
            let summary = json["summary"] as? [String: Any]
        else { throw TestFailure("targeting replay failed (\(run.status)): \(run.errorOutput)") }
        return (run.output.split(separator: "\n").map(String.init), summary)
    }

    @Test func aStoppedRecordingIsReadableAndReplayReproducesIt() async throws {
        let directory = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (targeting, control) = try await Self.startRecording(directory)
        // Clusters reach the disk every second: wait for about 3 s of frames, then stop through the control channel.
        let logPath = try #require(await awaitValue(timeout: .seconds(30)) { Self.logPaths(directory).first })
        _ = await waitUntil(timeout: .seconds(30)) {
            (try? Data(contentsOf: URL(fileURLWithPath: logPath)).count) ?? 0 > 60_000
        }
        let stop = try await runControl(["stop", "--endpoint", control])
        #expect(stop.status == 0, "control stop: \(stop.output)")
        #expect(await targeting.waitForExit(timeout: .seconds(15)) == 0)
        #expect(targeting.output.contains("recording segment closed"))

        if let counts = try await Self.counts(logPath) {
            print("recorded: \(counts.log) results, \(counts.video) video frames")
            #expect(counts.log > 30)
            #expect(counts.log == counts.video)
        }

        let first = try await Self.replay([logPath])
        print("replay with the recorded config: \(first.summary)")
        #expect(first.summary["frames_without_video"] as? Int == 0)
        #expect(first.summary["targets_changed"] as? Int == 0)
        #expect(first.summary["recorded_found_rate"] as? Double == first.summary["replayed_found_rate"] as? Double)
        #expect((first.summary["max_yaw_change_degrees"] as? Double ?? 99) < 1, "JPEG loss moves the target little")
        #expect((first.summary["max_pose_change_meters"] as? Double ?? 99) < 0.1)
        let second = try await Self.replay([logPath])
        #expect(second.lines == first.lines, "replay is deterministic: bit-identical output twice")

        // Another config: a minimum area no tape reaches finds nothing.
        let config = directory.appendingPathComponent("tuned.yml")
        try "pipeline:\n  reflective2019:\n    min_area_pixels: 100000\n".write(to: config, atomically: true, encoding: .utf8)
        let tuned = try await Self.replay([logPath, "--config", config.path])
        print("replay with min_area_pixels 100000: \(tuned.summary)")
        #expect(tuned.summary["replayed_found_rate"] as? Double == 0)
        #expect(tuned.summary["recorded_found_rate"] as? Double == 1)
    }

    @Test func replayPublishPlaysTheSegmentOnTheBusAtItsRecordedRate() async throws {
        let directory = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (recording, recordingControl) = try await Self.startRecording(directory)
        let logPath = try #require(await awaitValue(timeout: .seconds(30)) { Self.logPaths(directory).first })
        _ = await waitUntil(timeout: .seconds(30)) {
            (try? Data(contentsOf: URL(fileURLWithPath: logPath)).count) ?? 0 > 40_000
        }
        #expect(try await runControl(["stop", "--endpoint", recordingControl]).status == 0)
        #expect(await recording.waitForExit(timeout: .seconds(15)) == 0)

        // The running system's results channel, here a receiver bound in the test; the replay connects to it.
        let results = try FreePort.endpoint()
        let control = try FreePort.endpoint()
        let receiver = try MessageReceiver(
            endpoints: Endpoints(bind: [results]), mode: .queue(depth: 1000), logger: Logger(label: "test")
        )
        let overlay = directory.appendingPathComponent("pit.yml")
        try "service:\n  control: \(control)\nresults:\n  connect: [\"\(results)\"]\n"
            .write(to: overlay, atomically: true, encoding: .utf8)
        let replay = try ChildProcess(
            try Project.executable("targeting"), ["replay", "--publish", logPath, "--config", overlay.path]
        )
        defer { replay.kill() }
        var received: [TargetingResult] = []
        var times: [UInt64] = []
        let deadline = MonotonicClock.now() + 60_000_000_000
        while received.count < 60, MonotonicClock.now() < deadline {
            if case .targetingResult(let result) = try receiver.receive(timeoutMilliseconds: 1000, { try $0.decode() })?.payload {
                received.append(result)
                times.append(MonotonicClock.now())
            }
        }
        try #require(received.count == 60, "replay --publish sent \(received.count) results: \(replay.errorOutput.suffix(2000))")
        // Frames 11-60: past the start-up; the video was recorded at the demo camera's 30 fps.
        let rate = 49 / (Double(times[59] - times[10]) / 1e9)
        print("replay --publish: \(received.count) results at \(String(format: "%.1f", rate)) per second")
        #expect(rate > 15 && rate < 40, "paced at the recorded rate, not as fast as frames decode: \(rate)/s")
        #expect(received.allSatisfy { $0.pipeline == .reflective2019 })
        #expect(received.filter { !$0.targets.isEmpty }.count >= 57, "the recorded target is found in the replayed frames")
        #expect(try await runControl(["stop", "--endpoint", control]).status == 0)
        #expect(await replay.waitForExit(timeout: .seconds(15)) == 0)
    }

    @Test func killNineLeavesEveryCompletedSegmentReadable() async throws {
        let directory = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (targeting, _) = try await Self.startRecording(directory, ["--set", "record.segment_minutes=0.05"])
        // 3 s segments: wait until the third has started, then kill without warning.
        #expect(await waitUntil(timeout: .seconds(60)) { Self.logPaths(directory).count >= 3 })
        try await Task.sleep(for: .milliseconds(1500))
        targeting.kill(SIGKILL)
        _ = await targeting.waitForExit(timeout: .seconds(10))

        let logs = Self.logPaths(directory)
        try #require(logs.count >= 3)
        for (index, log) in logs.enumerated() {
            guard let counts = try await Self.counts(log) else { return }
            print("segment \(index): \(counts.log) results, \(counts.video) video frames")
            if index < logs.count - 1 {
                #expect(counts.log == counts.video, "a completed segment is whole")
                #expect(counts.log >= 60, "3 s at 30 fps")
            } else {
                #expect(counts.log > 0 && counts.video > 0, "the killed segment reads up to its last flush")
            }
        }
    }
}
