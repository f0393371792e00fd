import Foundation
import Recording
import TestSupport
import Vision
import WireFormat

/// Frames, results and readers shared by the recording tests.
enum RecordingFixtures {
    /// A `width` x `height` frame with a pattern that changes with `index` (so JPEGs differ and are not trivial).
    static func frame(_ index: Int, width: Int = 320, height: Int = 240) throws -> Frame {
        let frame = try Frame(width: width, height: height)
        let stride = frame.stride
        frame.withUnsafeMutableBytes { bytes in
            for y in 0..<height {
                for x in 0..<width {
                    let offset = y * stride + x * 3
                    bytes[offset] = UInt8(truncatingIfNeeded: x &+ index)
                    bytes[offset + 1] = UInt8(truncatingIfNeeded: y &* 2 &+ index)
                    bytes[offset + 2] = UInt8(truncatingIfNeeded: (x ^ y) &+ index &* 3)
                }
            }
        }
        return frame
    }

    /// A result for frame `number` captured at `captureTime`, with one AprilTag target and a field pose on odd frames.
    static func result(_ number: UInt64, captureTime: UInt64) -> TargetingResult {
        let pose = FieldPose(
            fieldToCamera: Transform3D(x: 1, y: 2, z: 0.5),
            fieldToRobot: Transform3D(x: 1.5, y: 2.5, z: 0, qw: 1),
            reprojectionErrorPixels: 0.4, isMultiTag: false, tagIDs: [7]
        )
        return TargetingResult(
            captureTime: captureTime, pipelineLatencyMicroseconds: 4200, frameNumber: number, pipeline: .apriltag,
            imageWidth: 320, imageHeight: 240,
            targets: number % 3 == 0 ? [] : [Target(id: 7, yawDegrees: Float(number) / 10, distanceMeters: 2.5)],
            fieldPose: number % 2 == 1 ? pose : nil
        )
    }

    /// A recording configuration into `directory`, always on.
    static func configuration(_ directory: URL) -> RecordConfiguration {
        var configuration = RecordConfiguration()
        configuration.directory = directory.path
        configuration.mode = .always
        return configuration
    }

    /// The stems of the segments in `directory`, sorted.
    static func stems(in directory: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return Set(names.filter { $0.hasSuffix(".wpilog") }.map { String($0.dropLast(".wpilog".count)) }).sorted()
    }

    /// ffprobe's count of decoded video frames in `path`, or `nil` (printing why) when ffprobe is not installed.
    static func ffprobeFrameCount(_ path: String) async throws -> Int? {
        guard Project.tool("ffprobe") != nil else {
            print("Skipping the ffprobe check: ffprobe is not installed (scripts/setup-debian.sh --test installs ffmpeg)")
            return nil
        }
        let run = try await ChildProcess.run(
            "ffprobe",
            ["-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries", "stream=codec_name,nb_read_frames",
             "-of", "json", path],
            mergeErrors: false, timeout: .seconds(120)
        )
        guard run.status == 0 else { throw TestFailure("ffprobe failed on \(path): \(run.errorOutput)") }
        let json = try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any]
        let stream = (json?["streams"] as? [[String: Any]])?.first
        guard stream?["codec_name"] as? String == "mjpeg", let frames = stream?["nb_read_frames"] as? String else {
            throw TestFailure("ffprobe did not see an MJPEG stream in \(path): \(run.output)")
        }
        return Int(frames)
    }

    /// WPILib's reader's view of `path` (robotpy-wpiutil): entries with type and count, and the int64 series;
    /// `nil` (printing why) when robotpy-wpiutil is not installed.
    static func wpilibSummary(_ path: String, for test: String) async throws -> [String: Any]? {
        guard Python.isAvailable(["wpiutil"], for: test) else { return nil }
        let run = try await Python.run("Tests/RecordingTests/peers/wpilog_summary.py", [path], timeout: .seconds(120))
        guard run.status == 0, let line = run.output.split(separator: "\n").last else {
            throw TestFailure("WPILib's DataLogReader failed on \(path): \(run.output)")
        }
        return try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
    }
}
