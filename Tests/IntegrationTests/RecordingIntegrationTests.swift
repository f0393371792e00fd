import Bus
import Foundation
import Logging
import TestSupport
import Testing
import Vision
import WireFormat

/// `record` and `targeting replay` through the real executable with the demo camera (the 2019 target at 30 fps):
/// a stopped service leaves a segment that WPILib's reader and ffprobe read with matching frame counts, replay
/// reproduces it (within the JPEG loss of the re-encoded frames), `replay --publish` plays it on the bus, and a kill -9
/// leaves every completed segment readable. With a JPEG camera (image files) the video holds the camera's JPEGs as
/// they were and replay reproduces every result bit for bit.
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

    /// Records targeting live on the JPEG files `location` (a folder or glob, `count` images, once through at 30 fps),
    /// replays the segment with the recorded config and checks: the video holds the files' bytes unchanged, and every
    /// frame's replayed targets and pose are bit-identical to the recorded ones. Returns the replay's summary.
    static func recordAndReplayJPEGs(
        _ location: String,
        files: [URL],
        _ extra: [String] = [],
        in directory: URL
    ) async throws -> [String: Any] {
        let recordings = directory.appendingPathComponent("recordings")
        let (targeting, control) = try await Self.startRecording(
            recordings,
            ["--set", "camera.kind=images", "--set", "camera.location=\(location)", "--set", "camera.loop=false",
             "--set", "camera.fps=30"] + extra
        )
        #expect(await targeting.waitForOutput("the camera source finished", timeout: .seconds(60)))
        #expect(try await runControl(["stop", "--endpoint", control]).status == 0)
        #expect(await targeting.waitForExit(timeout: .seconds(15)) == 0)
        let logPath = try #require(Self.logPaths(recordings).first, "no segment: \(targeting.output.suffix(2000))")
        if let counts = try await Self.counts(logPath) {
            #expect(counts.log == files.count && counts.video == files.count, "every image recorded once")
        }
        try await Self.expectVideoHolds(files, videoPath: String(logPath.dropLast(".wpilog".count)) + ".mkv", in: directory)

        let replay = try await Self.replay([logPath])
        #expect(replay.summary["frames"] as? Int == files.count)
        #expect(replay.summary["identical_frames"] as? Int == files.count, "live and replay bit-identical")
        #expect(replay.summary["targets_changed"] as? Int == 0)
        #expect(replay.summary["max_yaw_change_degrees"] as? Double == 0)
        #expect(replay.summary["max_pose_change_meters"] as? Double == 0)
        #expect(replay.summary["recorded_found_rate"] as? Double == replay.summary["replayed_found_rate"] as? Double)
        return replay.summary
    }

    /// Checks with ffmpeg (stream copy, no decoding) that the video's frames are `files`' bytes, in order.
    static func expectVideoHolds(_ files: [URL], videoPath: String, in directory: URL) async throws {
        guard Project.tool("ffmpeg") != nil else {
            print("Skipping the video bytes check: ffmpeg is not installed (scripts/setup-debian.sh --test)")
            return
        }
        let frames = directory.appendingPathComponent("extracted")
        try FileManager.default.createDirectory(at: frames, withIntermediateDirectories: true)
        let extract = try await ChildProcess.run(
            "ffmpeg", ["-v", "error", "-i", videoPath, "-c:v", "copy", "-f", "image2",
                       frames.appendingPathComponent("%04d.jpg").path],
            mergeErrors: false, timeout: .seconds(60)
        )
        #expect(extract.status == 0, "ffmpeg: \(extract.errorOutput)")
        for (index, file) in files.enumerated() {
            let frame = frames.appendingPathComponent(String(format: "%04d.jpg", index + 1))
            #expect(
                FileManager.default.contents(atPath: frame.path) == (try Data(contentsOf: file)),
                "video frame \(index) is \(file.lastPathComponent) unchanged"
            )
        }
    }

    @Test func aJPEGCameraIsRecordedAsItIsAndReplayIsBitIdentical() async throws {
        let directory = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: directory) }
        // 30 views of the 2019 target (the demo camera's calibration, so the recorded config solves them), saved as JPEG.
        let images = directory.appendingPathComponent("images")
        try FileManager.default.createDirectory(at: images, withIntermediateDirectories: true)
        let calibration = SyntheticSourceSettings.demo(width: 320, height: 240).calibration
        let frame = try Frame()
        let files = try (0..<30).map { index in
            let pose = SyntheticTargetPose(
                distanceMeters: 1.2 + 0.04 * Double(index), yawDegrees: -10 + 0.7 * Double(index),
                pitchDegrees: -3 + 0.2 * Double(index), skewDegrees: -15 + Double(index)
            )
            try frame.renderTarget2019(at: pose, calibration: calibration)
            let file = images.appendingPathComponent(String(format: "view_%02d.jpg", index))
            try frame.save(file.path)
            return file
        }
        let summary = try await Self.recordAndReplayJPEGs(images.path, files: files, in: directory)
        print("rendered JPEGs, replay with the recorded config: \(summary)")
        #expect(summary["recorded_found_rate"] as? Double == 1, "the target is found in every view")
    }

    @Test func theSharedFRC2019PhotosReplayBitIdentical() async throws {
        let calibration = "calibration/lifecam240p.json"
        guard SharedTestData.isAvailable(["2019", calibration], for: "the recording of the FRC 2019 photos") else {
            return
        }
        let directory = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: directory) }
        // The 320x240 photos (`*in.jpg`; the 1920x1440 one is left out), with the LifeCam's calibration.
        let location = SharedTestData.path("2019") + "/*in.jpg"
        let files = try FileManager.default.contentsOfDirectory(atPath: SharedTestData.path("2019"))
            .filter { $0.hasSuffix("in.jpg") }.sorted().map { URL(fileURLWithPath: SharedTestData.path("2019/" + $0)) }
        try #require(!files.isEmpty)
        let summary = try await Self.recordAndReplayJPEGs(
            location, files: files, ["--set", "calibration=\(SharedTestData.path(calibration))"], in: directory
        )
        print("\(files.count) FRC 2019 photos, replay with the recorded config: \(summary)")
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
