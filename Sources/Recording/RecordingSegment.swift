import NetworkTables
import Vision
import WireFormat

/// One segment being written: the `.wpilog` and the `.mkv` of one stem, and the log's entries for one camera.
///
/// Every processed frame becomes a video frame and a set of log records at its capture time (see docs/recording.md
/// for the entries). Not thread-safe: the writer thread owns it.
final class RecordingSegment {
    /// The entry names under `/vision/<camera>/` and their types.
    enum Field: String, CaseIterable {
        case config, calibration, frameNumber, videoFrameIndex, captureMonotonicMicros, timeSource, targetCount
        case targetIDs = "targets/id"
        case targetYaw = "targets/yawDegrees"
        case targetPitch = "targets/pitchDegrees"
        case targetArea = "targets/areaPercent"
        case targetDistance = "targets/distanceMeters"
        case targetSkew = "targets/skewDegrees"
        case targetAmbiguity = "targets/ambiguity"
        case fieldPose, latencyMs, fps, status, result

        var type: String {
            switch self {
            case .config, .calibration, .timeSource, .status: "string"
            case .frameNumber, .videoFrameIndex, .captureMonotonicMicros, .targetCount: "int64"
            case .targetIDs: "int64[]"
            case .targetYaw, .targetPitch, .targetArea, .targetDistance, .targetSkew, .targetAmbiguity: "double[]"
            case .fieldPose: "struct:Pose3d"
            case .latencyMs, .fps: "double"
            case .result: "raw"
            }
        }

        var metadata: String {
            switch self {
            case .result: #"{"format":"robot-vision bus frame of a TargetingResult (docs/wire-format.md)"}"#
            case .fieldPose: #"{"pose":"field to robot"}"#
            case .config: #"{"format":"the targeting configuration, JSON"}"#
            case .calibration: #"{"format":"the camera calibration the pipeline used, JSON (empty: none)"}"#
            case .captureMonotonicMicros: #"{"clock":"CLOCK_MONOTONIC of the vision host"}"#
            default: ""
            }
        }
    }

    let stem: String
    private let log: DataLogWriter
    private let video: MatroskaWriter
    private let cameraName: String
    private var entries: [Field: UInt32] = [:]
    private var lastTimeSource: String?
    private var wireBuffer: [UInt8] = []
    /// The first frame's capture time: the video's time zero.
    private var videoOrigin: UInt64?

    /// Creates `<directory>/<stem>.wpilog` and `.mkv` and starts the log's entries, with `configJSON` as `config` and
    /// `calibrationJSON` as `calibration`.
    init(
        directory: String,
        stem: String,
        cameraName: String,
        configJSON: String,
        calibrationJSON: String,
        timestamp: UInt64
    ) throws(RecordingError) {
        self.stem = stem
        self.cameraName = cameraName
        let base = directory + "/" + stem
        self.log = try DataLogWriter(path: base + ".wpilog", extraHeader: "robot-vision targeting, camera \(cameraName)")
        self.video = try MatroskaWriter(path: base + ".mkv", title: stem)
        // The schemas AdvantageScope needs to decode `struct:Pose3d`, as WPILib publishes them.
        for (name, schema) in Pose3dStruct.schemas {
            let entry = self.log.start(name: name, type: "structschema", timestamp: timestamp)
            self.log.append(entry, payload: Array(schema.utf8), timestamp: timestamp)
        }
        for field in Field.allCases {
            self.entries[field] = self.log.start(
                name: "/vision/\(cameraName)/\(field.rawValue)", type: field.type, metadata: field.metadata,
                timestamp: timestamp
            )
        }
        self.log.append(self.entry(.config), string: configJSON, timestamp: timestamp)
        self.log.append(self.entry(.calibration), string: calibrationJSON, timestamp: timestamp)
    }

    /// The log's path.
    var logPath: String { self.log.path }
    /// The video's path.
    var videoPath: String { self.video.path }
    /// Capture time from the segment's first frame to `captureTime`, nanoseconds (0 before the first frame).
    func span(until captureTime: UInt64) -> UInt64 {
        guard let origin = self.videoOrigin, captureTime > origin else { return 0 }
        return captureTime - origin
    }

    /// Video frames appended but not yet in the file (lost if a flush fails).
    var unflushedFrames: Int { self.video.frameCount - self.video.flushedFrames }

    /// Bytes of both files (flushed or not).
    var size: Int { self.log.size + self.video.size }

    /// Writes one frame: its JPEG into the video and its result into the log at `timestamp` (microseconds).
    /// - Throws: ``RecordingError``; the segment is then unusable.
    func write(
        _ recorded: RecordedFrame,
        jpeg: UnsafeRawBufferPointer,
        timestamp: UInt64,
        timeSource: String,
        fps: Double
    ) throws(RecordingError) {
        let result = recorded.result
        let origin = self.videoOrigin ?? result.captureTime
        self.videoOrigin = origin
        let index = try self.video.append(
            jpeg: jpeg, width: recorded.width, height: recorded.height,
            milliseconds: result.captureTime > origin ? (result.captureTime - origin) / 1_000_000 : 0
        )
        if timeSource != self.lastTimeSource {
            self.lastTimeSource = timeSource
            self.log.append(self.entry(.timeSource), string: timeSource, timestamp: timestamp)
        }
        self.log.append(self.entry(.frameNumber), int64: Int64(truncatingIfNeeded: result.frameNumber), timestamp: timestamp)
        self.log.append(self.entry(.videoFrameIndex), int64: Int64(index), timestamp: timestamp)
        self.log.append(
            self.entry(.captureMonotonicMicros), int64: Int64(result.captureTime / 1000), timestamp: timestamp
        )
        self.log.append(self.entry(.targetCount), int64: Int64(result.targets.count), timestamp: timestamp)
        let targets = result.targets
        self.log.append(self.entry(.targetIDs), int64s: targets.map { Int64($0.id) }, timestamp: timestamp)
        let columns: [(Field, KeyPath<Target, Float>)] = [
            (.targetYaw, \.yawDegrees), (.targetPitch, \.pitchDegrees), (.targetArea, \.areaPercent),
            (.targetDistance, \.distanceMeters), (.targetSkew, \.skewDegrees), (.targetAmbiguity, \.ambiguity),
        ]
        for (field, path) in columns {
            self.log.append(self.entry(field), doubles: targets.map { Double($0[keyPath: path]) }, timestamp: timestamp)
        }
        if let pose = result.fieldPose {
            self.log.append(self.entry(.fieldPose), payload: Pose3dStruct.pack(pose.fieldToRobot), timestamp: timestamp)
        }
        self.log.append(
            self.entry(.latencyMs), double: Double(result.pipelineLatencyMicroseconds) / 1000, timestamp: timestamp
        )
        self.log.append(self.entry(.fps), double: fps, timestamp: timestamp)
        WireFormat.encode(
            .targetingResult(result), sequence: result.frameNumber, sender: self.cameraName,
            sentAt: result.captureTime, into: &self.wireBuffer
        )
        self.log.append(self.entry(.result), payload: self.wireBuffer, timestamp: timestamp)
    }

    /// Appends a `status` line at `timestamp`.
    func writeStatus(_ status: String, timestamp: UInt64) {
        self.log.append(self.entry(.status), string: status, timestamp: timestamp)
    }

    /// Hands the collected log records and video cluster to the files, the small log first: on a full disk the
    /// results of the last second still reach it.
    func flush() throws(RecordingError) {
        try self.log.flush()
        try self.video.flush()
    }

    /// Flushes and closes both files.
    func close() throws(RecordingError) {
        try self.video.close()
        try self.log.close()
    }

    private func entry(_ field: Field) -> UInt32 {
        self.entries[field] ?? 0
    }
}
