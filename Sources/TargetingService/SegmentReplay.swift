import Foundation
import Localization
import Recording
import ServiceRuntime
public import Vision
import WireFormat

/// A recorded segment (`.wpilog` with its `.mkv` beside it) run through targeting's pipeline again: with the recorded
/// configuration, or with changes laid over it, each frame's replayed result next to the recorded one.
public struct SegmentReplay {
    /// One recorded frame: its result and its video frame's index.
    struct RecordedFrame {
        var result: TargetingResult
        var videoIndex: Int
    }

    public let logPath: String
    public let videoPath: String
    /// The configuration targeting ran with when it recorded the segment.
    public let recordedConfiguration: TargetingConfiguration
    /// The calibration its pipeline used.
    public let recordedCalibration: CameraCalibration?
    private let frames: [RecordedFrame]

    /// Reads the segment's log (its configuration, calibration and results); the video is read by ``run(_:emit:)``.
    /// - Throws: ``Recording/RecordingError`` or ``ServiceRuntime/ConfigError`` when the log is not a targeting
    ///   recording.
    public init(segment logPath: String) throws {
        self.logPath = logPath
        self.videoPath = URL(fileURLWithPath: logPath).deletingPathExtension().appendingPathExtension("mkv").path
        let log = try DataLogReader(path: logPath)
        guard let configName = log.entries.keys.first(where: { $0.hasPrefix("/vision/") && $0.hasSuffix("/config") }),
            let configJSON = log.records(of: configName).first?.string
        else {
            throw RecordingError.malformed(
                path: logPath, reason: "no /vision/<camera>/config entry: not a targeting recording"
            )
        }
        let prefix = String(configName.dropLast("config".count))
        self.recordedConfiguration = try ConfigDocument.decode(
            TargetingConfiguration.self, from: configJSON, source: "\(logPath) (recorded config)", defaults: .init()
        )
        let calibrationJSON = log.records(of: prefix + "calibration").first?.string ?? ""
        self.recordedCalibration = calibrationJSON.isEmpty
            ? nil : try JSONDecoder().decode(CameraCalibration.self, from: Data(calibrationJSON.utf8))
        let indices = log.records(of: prefix + "videoFrameIndex").compactMap(\.int64)
        let results = try log.records(of: prefix + "result").map { record throws in
            guard case .targetingResult(let result) = try WireFormat.decode(record.payload).payload else {
                throw RecordingError.malformed(path: logPath, reason: "a result record holds another message")
            }
            return result
        }
        self.frames = zip(results, indices).map { RecordedFrame(result: $0, videoIndex: Int($1)) }
    }

    /// The recorded configuration with the file at `path` laid over it (keys it leaves out keep their recorded values),
    /// checked; the recorded configuration itself without a path.
    /// - Throws: ``ServiceRuntime/ConfigError`` naming the key to fix.
    public func configuration(overlay path: String?) throws(ConfigError) -> TargetingConfiguration {
        guard let path else { return self.recordedConfiguration }
        let configuration = try ConfigDocument.decode(
            TargetingConfiguration.self, contentsOf: path, defaults: self.recordedConfiguration
        )
        try configuration.validate()
        return configuration
    }

    /// The calibration `configuration` runs with: the recorded one unless it names another file.
    /// - Throws: ``Vision/CalibrationError`` when that file cannot be read.
    public func calibration(for configuration: TargetingConfiguration) throws(CalibrationError) -> CameraCalibration? {
        configuration.calibration == self.recordedConfiguration.calibration
            ? self.recordedCalibration : try configuration.loadCalibration()
    }

    /// `configuration` playing this segment through the running system (`targeting replay --publish`): its camera
    /// is the segment's video, looped at its recorded rate, and it records nothing.
    public func publishing(_ configuration: TargetingConfiguration) -> TargetingConfiguration {
        var publishing = configuration
        publishing.camera = .videoFile(self.videoPath, loop: true, realTime: true)
        publishing.record.mode = .off
        return publishing
    }

    /// Runs `configuration`'s pipeline (and field localizer) over every recorded frame, in order, and passes `emit`
    /// one JSON line per frame (``ReplayFrameReport``); returns the summary.
    /// - Throws: when the video cannot be read or the pipeline cannot be built.
    public func run(_ configuration: TargetingConfiguration, emit: (String) -> Void) throws -> ReplaySummary {
        let calibration = try self.calibration(for: configuration)
        let pipeline = try configuration.pipeline.makePipeline(calibration: calibration)
        let localizer = try configuration.makeLocalizer(calibration: calibration)
        let video = try MatroskaReader(path: self.videoPath)
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        let frame = try Frame()
        var summary = ReplaySummary()
        for recorded in self.frames {
            guard video.frames.indices.contains(recorded.videoIndex) else {
                summary.framesWithoutVideo += 1
                continue
            }
            try video.frames[recorded.videoIndex].jpeg.withUnsafeBytes { try frame.decode($0) }
            let info = FrameInfo(
                frameNumber: recorded.result.frameNumber, captureTime: recorded.result.captureTime,
                width: frame.width, height: frame.height
            )
            let output = try pipeline.analyze(frame)
            var localization: FieldLocalization?
            if let localizer, case .apriltag(let detections) = output {
                localization = localizer.localize(detections, imageWidth: frame.width, imageHeight: frame.height)
            }
            let report = ReplayFrameReport(
                frame: recorded.result.frameNumber, videoIndex: recorded.videoIndex, recorded: recorded.result,
                replayed: TargetingResult(output, frame: info, localization: localization)
            )
            summary.add(report)
            emit(String(decoding: try encoder.encode(report), as: UTF8.self))
        }
        return summary
    }
}
