import Foundation
import Logging
import Recording
import Synchronization
import TestSupport
import Testing
import Vision
import WireFormat

/// The recorder end to end in one process: what it writes (checked by this package's readers, WPILib's reader and
/// ffprobe), segments and the disk budget, drops when the queue or the disk is full, and `enabled` mode.
@Suite(.serialized, .timeLimit(.minutes(10)))
struct MatchRecorderTests {
    static let logger = Logger(label: "test.recording")
    static let frameInterval: UInt64 = 33_333_333

    /// Records `count` frames captured `frameInterval` apart (cycling through `frames`), then closes.
    static func record(
        _ recorder: MatchRecorder,
        count: Int,
        frames: [Frame],
        start: UInt64 = MonotonicClock.now()
    ) async {
        for index in 0..<count {
            let number = UInt64(index + 1)
            recorder.record(frames[index % frames.count], RecordingFixtures.result(number, captureTime: start + UInt64(index) * Self.frameInterval))
        }
        await recorder.close()
    }

    static func figure(_ recorder: MatchRecorder, _ name: String) -> Double {
        recorder.figures().first { $0.name == name }?.value ?? -1
    }

    @Test func everyFrameIsInTheLogAndTheVideoLinkedByFrameNumber() async throws {
        let directory = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: directory) }
        var configuration = RecordingFixtures.configuration(directory)
        configuration.queueFrames = 200
        let recorder = try MatchRecorder(
            configuration: configuration, cameraName: "front", configJSON: #"{"camera_name":"front"}"#, logger: Self.logger
        )
        await Self.record(recorder, count: 90, frames: try (0..<3).map { try RecordingFixtures.frame($0) })
        #expect(Self.figure(recorder, "record_frames") == 90)
        #expect(Self.figure(recorder, "record_dropped") == 0)

        let stem = try #require(RecordingFixtures.stems(in: directory).first)
        #expect(stem.hasPrefix("front_"))
        let logPath = directory.appendingPathComponent(stem + ".wpilog").path
        let videoPath = directory.appendingPathComponent(stem + ".mkv").path
        let log = try DataLogReader(path: logPath)
        #expect(log.records(of: "/vision/front/frameNumber").compactMap(\.int64) == (1...90).map { Int64($0) })
        #expect(log.records(of: "/vision/front/videoFrameIndex").compactMap(\.int64) == (0..<90).map { Int64($0) })
        #expect(log.records(of: "/vision/front/fieldPose").count == 45)
        #expect(log.records(of: "/vision/front/fieldPose").first?.payload.count == 56)
        #expect(log.records(of: "/vision/front/config").first?.string == #"{"camera_name":"front"}"#)
        let latency = log.records(of: "/vision/front/latencyMs").first?.double
        #expect(latency == 4.2)
        #expect(try MatroskaReader(path: videoPath).frames.count == 90)
        if let probed = try await RecordingFixtures.ffprobeFrameCount(videoPath) { #expect(probed == 90) }

        guard let summary = try await RecordingFixtures.wpilibSummary(logPath, for: "the WPILib DataLogReader check")
        else { return }
        let entries = try #require(summary["entries"] as? [String: [String: Any]])
        let expected: [String: (type: String, count: Int)] = [
            "/vision/front/frameNumber": ("int64", 90), "/vision/front/videoFrameIndex": ("int64", 90),
            "/vision/front/captureMonotonicMicros": ("int64", 90), "/vision/front/targetCount": ("int64", 90),
            "/vision/front/targets/id": ("int64[]", 90), "/vision/front/targets/yawDegrees": ("double[]", 90),
            "/vision/front/fieldPose": ("struct:Pose3d", 45), "/vision/front/latencyMs": ("double", 90),
            "/vision/front/fps": ("double", 90), "/vision/front/result": ("raw", 90),
            "/vision/front/config": ("string", 1), "/vision/front/timeSource": ("string", 1),
            "/.schema/struct:Pose3d": ("structschema", 1), "/.schema/struct:Translation3d": ("structschema", 1),
            "/.schema/struct:Rotation3d": ("structschema", 1), "/.schema/struct:Quaternion": ("structschema", 1),
        ]
        for (name, want) in expected {
            #expect(entries[name]?["type"] as? String == want.type, "\(name)")
            #expect(entries[name]?["count"] as? Int == want.count, "\(name)")
        }
        let series = try #require(summary["series"] as? [String: [Int]])
        #expect(series["frameNumber"] == Array(1...90))
        #expect(series["videoFrameIndex"]?.count == 90)
    }

    @Test func aSourceJPEGIsWrittenAsItIsAndPixelsAreEncoded() async throws {
        let directory = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: directory) }
        let recorder = try MatchRecorder(
            configuration: RecordingFixtures.configuration(directory), cameraName: "front", configJSON: "{}",
            logger: Self.logger
        )
        // Even frames come from a JPEG camera (decoded from `jpegs`), odd ones from a raw camera.
        let encoder = try JPEGEncoder()
        var jpegs: [[UInt8]] = []
        var frames: [Frame] = []
        for index in 0..<4 {
            var jpeg: [UInt8] = []
            try encoder.encode(try RecordingFixtures.frame(index), quality: 95, into: &jpeg)
            let frame = try Frame()
            try jpeg.withUnsafeBytes { try frame.decode($0) }
            jpegs.append(jpeg)
            frames.append(frame)
        }
        let start = MonotonicClock.now()
        for index in 0..<4 {
            let result = RecordingFixtures.result(UInt64(index + 1), captureTime: start + UInt64(index) * Self.frameInterval)
            recorder.record(frames[index], result, sourceJPEG: index.isMultiple(of: 2) ? jpegs[index] : nil)
        }
        await recorder.close()
        #expect(Self.figure(recorder, "record_frames") == 4)

        let stem = try #require(RecordingFixtures.stems(in: directory).first)
        let video = try MatroskaReader(path: directory.appendingPathComponent(stem + ".mkv").path)
        try #require(video.frames.count == 4)
        #expect(video.frames[0].jpeg == jpegs[0] && video.frames[2].jpeg == jpegs[2], "the source's bytes, unchanged")
        for index in [1, 3] {
            #expect(video.frames[index].jpeg != jpegs[index], "re-encoded at record.jpeg_quality")
            let decoded = try Frame()
            try video.frames[index].jpeg.withUnsafeBytes { try decoded.decode($0) }
            #expect(decoded.width == 320 && decoded.height == 240)
        }
    }

    @Test func segmentsRollOverAndTheOldestAreDeletedForTheBudget() async throws {
        let directory = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: directory) }
        var configuration = RecordingFixtures.configuration(directory)
        configuration.queueFrames = 400
        configuration.segmentMinutes = 0.05  // 3 s of capture time: 90 frames
        configuration.maxBytes = 1_000_000
        let recorder = try MatchRecorder(configuration: configuration, cameraName: "cam", configJSON: "{}", logger: Self.logger)
        await Self.record(recorder, count: 300, frames: try (0..<4).map { try RecordingFixtures.frame($0, width: 320, height: 240) })

        #expect(Self.figure(recorder, "record_frames") == 300)
        #expect(Self.figure(recorder, "record_segments") == 4)
        let stems = RecordingFixtures.stems(in: directory)
        let sizes = try stems.map { stem in
            try ["wpilog", "mkv"].reduce(0) { total, ext in
                let path = directory.appendingPathComponent("\(stem).\(ext)").path
                return total + ((try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0)
            }
        }
        print("segments left: \(stems.count) of 4, bytes \(sizes) (budget 1000000)")
        #expect(stems.count < 4, "older segments were deleted")
        #expect(sizes.reduce(0, +) <= configuration.maxBytes || stems.count == 1)
        // The newest segment (the last 30 frames) is kept.
        let newest = try DataLogReader(path: directory.appendingPathComponent("\(try #require(stems.last)).wpilog").path)
        #expect(newest.records(of: "/vision/cam/frameNumber").last?.int64 == 300)
    }

    @Test func aFullQueueDropsFramesFromTheRecordingAndCountsThem() async throws {
        let directory = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: directory) }
        var configuration = RecordingFixtures.configuration(directory)
        configuration.queueFrames = 2
        let recorder = try MatchRecorder(configuration: configuration, cameraName: "cam", configJSON: "{}", logger: Self.logger)
        await Self.record(recorder, count: 200, frames: [try RecordingFixtures.frame(0, width: 640, height: 480)])
        let written = Self.figure(recorder, "record_frames")
        let dropped = Self.figure(recorder, "record_dropped")
        #expect(dropped > 0)
        #expect(written + dropped == 200)
        let stem = try #require(RecordingFixtures.stems(in: directory).first)
        let log = try DataLogReader(path: directory.appendingPathComponent(stem + ".wpilog").path)
        #expect(Double(log.records(of: "/vision/cam/frameNumber").count) == written)
    }

    @Test func enabledModeRecordsOnlyWhileTheRobotIsEnabled() async throws {
        let directory = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: directory) }
        var configuration = RecordingFixtures.configuration(directory)
        configuration.mode = .enabled
        let enabled = Mutex(false)
        let robot = RobotLink(isEnabled: { enabled.withLock { $0 } }, robotTime: { $0 + 1_000_000_000 })
        let recorder = try MatchRecorder(
            configuration: configuration, cameraName: "cam", configJSON: "{}", robot: robot, logger: Self.logger
        )
        let frame = try RecordingFixtures.frame(0)
        let start = MonotonicClock.now()
        for number in 1...20 {
            enabled.withLock { $0 = number > 10 }
            recorder.record(frame, RecordingFixtures.result(UInt64(number), captureTime: start + UInt64(number) * Self.frameInterval))
        }
        await recorder.close()
        let stem = try #require(RecordingFixtures.stems(in: directory).first)
        let log = try DataLogReader(path: directory.appendingPathComponent(stem + ".wpilog").path)
        let numbers = log.records(of: "/vision/cam/frameNumber")
        #expect(numbers.compactMap(\.int64) == (11...20).map { Int64($0) })
        // Robot time: the log's timestamps are the robot's clock, here the local one plus 1000 s.
        #expect(numbers.first.map { $0.timestamp > 1_000_000_000 } == true)
        #expect(log.records(of: "/vision/cam/timeSource").first?.string == "robot")
    }

    @Test func aFullDiskDropsFramesFromTheRecordingWithoutSlowingTheCaller() async throws {
        guard getuid() == 0 else {
            print("Skipping the full disk test: mounting a 2 MB tmpfs needs root")
            return
        }
        let directory = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: directory) }
        let mount = try await ChildProcess.run("mount", ["-t", "tmpfs", "-o", "size=2m", "tmpfs", directory.path])
        guard mount.status == 0 else {
            print("Skipping the full disk test: cannot mount a tmpfs here (\(mount.output))")
            return
        }
        var failure: (any Error)?
        do {
            try await Self.fullDisk(directory)
        } catch {
            failure = error
        }
        _ = try await ChildProcess.run("umount", ["-l", directory.path])
        if let failure { throw failure }
    }

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }

    /// Records 640x480 frames at 30 fps onto a 2 MB file system, timing every call.
    static func fullDisk(_ directory: URL) async throws {
        let recorder = try MatchRecorder(
            configuration: RecordingFixtures.configuration(directory), cameraName: "cam", configJSON: "{}", logger: Self.logger
        )
        let frames = try (0..<3).map { try RecordingFixtures.frame($0, width: 640, height: 480) }
        let clock = ContinuousClock()
        let start = clock.now
        var callTimes: [Double] = []
        for index in 0..<150 {
            try await clock.sleep(until: start.advanced(by: .milliseconds(33 * index)))
            let result = RecordingFixtures.result(UInt64(index + 1), captureTime: MonotonicClock.now())
            let before = clock.now
            recorder.record(frames[index % 3], result)
            callTimes.append(Self.milliseconds(clock.now - before))
        }
        let seconds = Self.milliseconds(clock.now - start) / 1000
        await recorder.close()
        let written = Self.figure(recorder, "record_frames")
        let droppedDisk = Self.figure(recorder, "record_dropped_disk")
        let sorted = callTimes.sorted()
        print(
            "full disk: 150 frames in \(String(format: "%.2f", seconds)) s (\(String(format: "%.1f", 150 / seconds)) fps), "
                + "\(Int(written)) recorded, \(Int(droppedDisk)) dropped (disk), \(Int(Self.figure(recorder, "record_dropped"))) dropped in all, "
                + "record() median \(String(format: "%.3f", sorted[75])) ms, max \(String(format: "%.3f", sorted.last ?? 0)) ms"
        )
        #expect(droppedDisk > 0, "the 2 MB disk filled up")
        #expect(written > 0)
        #expect(written + Self.figure(recorder, "record_dropped") == 150, "every frame is written or counted as dropped")
        #expect(150 / seconds > 27, "the caller kept its 30 fps")
        #expect(sorted[75] < 5, "record() stays a copy and a queue push")
        // What reached the disk reads back.
        let stem = try #require(RecordingFixtures.stems(in: directory).first)
        let log = try DataLogReader(path: directory.appendingPathComponent(stem + ".wpilog").path)
        #expect(!log.records(of: "/vision/cam/frameNumber").isEmpty)
        let video = try MatroskaReader(path: directory.appendingPathComponent(stem + ".mkv").path)
        #expect(!video.frames.isEmpty)
    }
}
