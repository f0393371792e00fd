public import Logging
import Synchronization
import ThreadSupport
public import Vision
public import WireFormat

/// Records a camera's processed frames and results into segments (`.wpilog` + `.mkv` of one stem) without ever
/// slowing the processing thread.
///
/// ``record(_:_:sourceJPEG:)`` queues the source's JPEG or copies the frame into one of `record.queue_frames` buffers,
/// or drops it from the recording (counted) when every slot is waiting; a dedicated writer thread encodes (pixels
/// only), writes, rolls segments over and keeps the disk budget. ``close()`` writes what is queued and closes the files.
public final class MatchRecorder: Sendable {
    private let configuration: RecordConfiguration
    private let robot: RobotLink
    private let queue: RecordingQueue
    private let thread: DedicatedThread
    /// When the robot was last seen enabled (``WireFormat/MonotonicClock`` ns), for `enabled` mode.
    private let lastEnabled = Mutex<UInt64?>(nil)

    /// Creates the folder and starts the writer thread.
    /// - Parameters:
    ///   - configuration: the `record` settings (checked with ``RecordConfiguration/validate()``); not `off`.
    ///   - cameraName: the log's entries are `/vision/<cameraName>/...`; segments are named after it.
    ///   - configJSON: the service's effective configuration, stored in every segment (`config`) for replay.
    ///   - calibrationJSON: the camera calibration the pipeline uses (empty: none), stored as `calibration`.
    ///   - robot: the robot's enabled state and clock.
    /// - Throws: ``RecordingError`` when the folder cannot be created or the JPEG encoder cannot be made.
    public init(
        configuration: RecordConfiguration,
        cameraName: String,
        configJSON: String,
        calibrationJSON: String = "",
        robot: RobotLink = .none,
        logger: Logger
    ) throws(RecordingError) {
        try configuration.validate()
        guard configuration.isEnabled else { throw .invalidArgument("record.mode is off") }
        let store = try SegmentStore(
            directory: configuration.directory, cameraName: cameraName, maxBytes: configuration.maxBytes
        )
        let queue = RecordingQueue(capacity: configuration.queueFrames)
        let session: RecordingSession
        do {
            session = try RecordingSession(
                configuration: configuration, queue: queue, store: store, cameraName: cameraName,
                configJSON: configJSON, calibrationJSON: calibrationJSON, robot: robot, logger: logger
            )
        } catch {
            throw .invalidArgument("cannot make the recording's JPEG encoder: \(error)")
        }
        self.configuration = configuration
        self.robot = robot
        self.queue = queue
        let handoff = SessionHandoff(session)
        self.thread = DedicatedThread(name: "recorder") { handoff.take()?.run() }
    }

    /// Queues `frame` and its `result` for the recording; never waits. Call it on the processing thread after
    /// publishing the result.
    /// - Parameter sourceJPEG: the JPEG `frame` was decoded from (``Vision/FrameInfo/sourceJPEG``): the video stores
    ///   these bytes as they are (no copy here, no encode later), so a replay decodes the pixels the pipeline saw.
    ///   Without it a copy of the pixels is queued and JPEG-encoded at `record.jpeg_quality`.
    public func record(_ frame: Frame, _ result: TargetingResult, sourceJPEG: [UInt8]? = nil) {
        if self.configuration.mode == .enabled, !self.robotIsRecordable() { return }
        _ = self.queue.push(frame, result, sourceJPEG: sourceJPEG)
    }

    /// Whether `enabled` mode records now: the robot is enabled, or was less than the grace time ago (the segment
    /// closes when the grace time runs out).
    private func robotIsRecordable() -> Bool {
        let now = MonotonicClock.now()
        let enabled = self.robot.isEnabled() ?? false
        let endSegment = self.lastEnabled.withLock { last -> Bool in
            if enabled {
                last = now
                return false
            }
            guard let seen = last else { return false }
            guard now - seen >= RecordConfiguration.enabledGraceSeconds * 1_000_000_000 else { return false }
            last = nil
            return true
        }
        if endSegment { self.queue.pushEndSegment() }
        return enabled || self.lastEnabled.withLock { $0 != nil }
    }

    /// Writes what is queued, closes the segment's files and stops the writer thread.
    public func close() async {
        self.queue.close()
        await self.thread.joinAsync()
    }

    /// Figures for status: frames written and dropped, segments, and the folder's bytes.
    public func figures() -> [ServiceStatus.Figure] {
        let counters = self.queue.counters
        return [
            .init(name: "record_frames", value: Double(counters.written)),
            .init(name: "record_dropped", value: Double(counters.droppedQueueFull + counters.droppedDisk)),
            .init(name: "record_dropped_disk", value: Double(counters.droppedDisk)),
            .init(name: "record_segments", value: Double(counters.segments)),
            .init(name: "record_bytes", value: Double(counters.bytes)),
            .init(name: "record_active", value: counters.active ? 1 : 0),
        ]
    }
}

/// Moves the writer-thread-only session into the thread's closure.
private final class SessionHandoff: Sendable {
    private let slot: Mutex<RecordingSession?>

    init(_ session: sending RecordingSession) {
        self.slot = Mutex(session)
    }

    func take() -> sending RecordingSession? {
        self.slot.withLock { slot -> sending RecordingSession? in slot.take() }
    }
}
