import Foundation
import Logging
import Vision
import WireFormat

/// The writer thread's side of a recording: writes queued frames into segments (the source's JPEG as it is, pixels
/// JPEG-encoded), rolls segments over, keeps the disk budget and writes the status line. Runs until the queue closes,
/// then closes the segment.
final class RecordingSession {
    /// How long the writer waits for frames before doing its periodic work.
    static let tickMilliseconds = 200
    /// After a disk error, how long until a new segment is tried.
    static let retryNanoseconds: UInt64 = 5_000_000_000

    private let configuration: RecordConfiguration
    private let queue: RecordingQueue
    private var store: SegmentStore
    private let cameraName: String
    private let configJSON: String
    private let calibrationJSON: String
    private let robot: RobotLink
    private let logger: Logger
    private let encoder: JPEGEncoder
    /// The writer thread's frame for encoding.
    private let frame: Frame
    private var segment: RecordingSegment?
    /// The last segment closed: the disk budget keeps it too while no segment runs.
    private var lastStem: String?
    private var retryAt: UInt64 = 0
    private var lastStatus: UInt64 = 0
    private var lastBudgetCheck: UInt64 = 0
    private var rate = FrameRate()

    init(
        configuration: RecordConfiguration,
        queue: RecordingQueue,
        store: SegmentStore,
        cameraName: String,
        configJSON: String,
        calibrationJSON: String,
        robot: RobotLink,
        logger: Logger
    ) throws(VisionError) {
        self.configuration = configuration
        self.queue = queue
        self.store = store
        self.cameraName = cameraName
        self.configJSON = configJSON
        self.calibrationJSON = calibrationJSON
        self.robot = robot
        self.logger = logger
        self.encoder = try JPEGEncoder()
        self.frame = try Frame()
    }

    /// Writes until the queue closes and is drained.
    func run() {
        while true {
            var entries: [RecordingQueue.Entry]
            let closing: Bool
            (entries, closing) = self.queue.take(waitingMilliseconds: Self.tickMilliseconds)
            // Popped one by one so a buffer given back is no longer referenced here (no copy when it is reused).
            entries.reverse()
            let idle = entries.isEmpty
            while let entry = entries.popLast() {
                switch entry {
                case .frame(let recorded):
                    self.write(recorded)
                    self.queue.giveBack(recorded.image)
                case .endSegment:
                    self.closeSegment()
                }
            }
            self.periodicWork()
            if closing, idle { break }
        }
        self.closeSegment()
    }

    private func write(_ recorded: RecordedFrame) {
        let now = MonotonicClock.now()
        if let running = self.segment,
            running.span(until: recorded.result.captureTime) >= self.configuration.segmentNanoseconds
        {
            self.closeSegment()
        }
        let localMicros = Int64(recorded.result.captureTime / 1000)
        let robotMicros = self.robot.robotTime(localMicros)
        let timestamp = UInt64(max(0, robotMicros ?? localMicros))
        guard let segment = self.openSegment(timestamp: timestamp, now: now) else {
            self.queue.update { $0.droppedDisk += 1 }
            return
        }
        self.rate.record(captureTime: recorded.result.captureTime)
        let timeSource = robotMicros == nil ? "service" : "robot"
        do {
            switch recorded.image {
            case .jpeg(let jpeg):
                try jpeg.withUnsafeBytes { bytes in
                    try segment.write(recorded, jpeg: bytes, timestamp: timestamp, timeSource: timeSource, fps: self.rate.fps)
                }
            case .pixels(let pixels):
                try recorded.load(pixels, into: self.frame)
                try self.encoder.encode(self.frame, quality: self.configuration.jpegQuality)
                try segment.write(
                    recorded, jpeg: self.encoder.bytes, timestamp: timestamp, timeSource: timeSource, fps: self.rate.fps
                )
            }
            self.queue.update { $0.written += 1 }
        } catch let error as RecordingError {
            self.queue.update { $0.droppedDisk += 1 }
            self.fail(error, now: now)
        } catch {
            self.logger.debug("a frame could not be encoded for the recording", metadata: ["error": "\(error)"])
            self.queue.update { $0.droppedDisk += 1 }
        }
    }

    /// The running segment, or a new one unless a disk error happened less than ``retryNanoseconds`` ago.
    private func openSegment(timestamp: UInt64, now: UInt64) -> RecordingSegment? {
        if let segment = self.segment { return segment }
        guard now >= self.retryAt else { return nil }
        let stem = self.store.newStem()
        do {
            let segment = try RecordingSegment(
                directory: self.store.directory, stem: stem, cameraName: self.cameraName,
                configJSON: self.configJSON, calibrationJSON: self.calibrationJSON, timestamp: timestamp
            )
            self.segment = segment
            self.queue.update {
                $0.segments += 1
                $0.active = true
            }
            self.logger.info(
                "recording segment started", metadata: ["log": "\(segment.logPath)", "video": "\(segment.videoPath)"]
            )
            self.keepBudget(now: now)
            return segment
        } catch {
            self.fail(error, now: now)
            return nil
        }
    }

    /// Abandons the running segment after a write error (the files end at their last flush; the frames not flushed
    /// count as dropped) and waits before retrying.
    private func fail(_ error: RecordingError, now: UInt64) {
        self.logger.error("recording stopped until the next try", metadata: ["error": "\(error)"])
        let lost = UInt64(self.segment?.unflushedFrames ?? 0)
        self.queue.update {
            $0.written -= min($0.written, lost)
            $0.droppedDisk += lost
            $0.active = false
        }
        self.lastStem = self.segment?.stem ?? self.lastStem
        self.segment = nil
        self.retryAt = now + Self.retryNanoseconds
        self.keepBudget(now: now)
    }

    private func closeSegment() {
        guard let segment = self.segment else { return }
        self.segment = nil
        self.lastStem = segment.stem
        self.queue.update { $0.active = false }
        do {
            try segment.close()
            self.logger.info("recording segment closed", metadata: ["log": "\(segment.logPath)"])
        } catch {
            self.logger.error("recording segment closed with an error", metadata: ["error": "\(error)"])
            let lost = UInt64(segment.unflushedFrames)
            self.queue.update {
                $0.written -= min($0.written, lost)
                $0.droppedDisk += lost
            }
        }
        self.keepBudget(now: MonotonicClock.now())
    }

    /// Flushes the running segment (so a kill loses at most about a second), writes the status line once a second and
    /// checks the disk budget every few seconds.
    private func periodicWork() {
        let now = MonotonicClock.now()
        guard let segment = self.segment else {
            if now - self.lastBudgetCheck >= 5_000_000_000 { self.keepBudget(now: now) }
            return
        }
        if now - self.lastStatus >= 1_000_000_000 {
            self.lastStatus = now
            let counters = self.queue.counters
            let localMicros = Int64(now / 1000)
            segment.writeStatus(
                "recording: \(counters.written) frames written, \(counters.droppedQueueFull) dropped (queue full), "
                    + "\(counters.droppedDisk) dropped (disk), \(String(format: "%.1f", self.rate.fps)) fps",
                timestamp: UInt64(max(0, self.robot.robotTime(localMicros) ?? localMicros))
            )
        }
        do {
            try segment.flush()
        } catch {
            self.fail(error, now: now)
        }
        if now - self.lastBudgetCheck >= 5_000_000_000 { self.keepBudget(now: now) }
    }

    private func keepBudget(now: UInt64) {
        self.lastBudgetCheck = now
        let outcome = self.store.enforceBudget(keeping: self.segment?.stem ?? self.lastStem)
        self.queue.update {
            $0.bytes = UInt64(outcome.bytes)
            $0.deleted += UInt64(outcome.deleted)
        }
        if outcome.deleted > 0 {
            self.logger.info("recording segments deleted for the disk budget", metadata: ["deleted": "\(outcome.deleted)"])
        }
    }
}
