import CVision
import Foundation
import ThreadSupport
import WireFormat

/// Delivers frames from a configured source (USB camera, network stream, video file, image folder or synthetic
/// renders) into a caller-owned ``Frame``, reopening a source that fails or disappears with back-off.
///
/// ``read(into:)`` never throws and never blocks for long: while the source is down it sleeps at most
/// ``maxBlockSeconds`` and returns ``FrameReadOutcome/noFrame(reason:)``; network reads are bounded by the
/// configured timeouts. Not thread-safe: use it on one dedicated thread (see ``VisionWorker``).
public final class FrameSource {
    public let configuration: FrameSourceConfiguration
    /// The longest a read sleeps while waiting to retry, seconds.
    public var maxBlockSeconds: Double = 0.25
    /// Whether the underlying device, stream, file or list is open.
    public private(set) var isOpen = false
    /// Successful opens so far (1 after the first; more after reconnects).
    public private(set) var openCount = 0
    /// Consecutive failed opens or reads.
    public private(set) var consecutiveFailures = 0
    /// The last failure, for logs and status.
    public private(set) var lastError: String?

    private var capture: OpaquePointer?
    private var imagePaths: [String] = []
    private var imageIndex = 0
    private var syntheticIndex = 0
    private var framesSinceOpen = 0
    private var frameNumber: UInt64 = 0
    private var nextAttempt: UInt64 = 0
    private var nextFrameDue: UInt64 = 0
    private var frameInterval: Double = 0
    private var isFinished = false
    private let interruption: ThreadInterrupt

    /// A source whose waits can only end by timing out.
    public convenience init(configuration: FrameSourceConfiguration) {
        self.init(configuration: configuration, interruptedBy: ThreadInterrupt())
    }

    /// - Parameter interruptedBy: interrupted to end the source's waits early (a stop); once interrupted, every
    ///   later wait returns at once.
    package init(configuration: FrameSourceConfiguration, interruptedBy interruption: ThreadInterrupt) {
        self.configuration = configuration
        self.interruption = interruption
    }

    deinit { cvision_capture_destroy(self.capture) }

    /// Closes the source; the next read opens it again.
    public func close() {
        cvision_capture_destroy(self.capture)
        self.capture = nil
        self.isOpen = false
    }

    /// Reads the next frame into `frame` (reusing its buffer when the size is unchanged).
    public func read(into frame: Frame) -> FrameReadOutcome {
        if self.isFinished { return .finished }
        if !self.isOpen {
            let now = MonotonicClock.now()
            if now < self.nextAttempt {
                self.wait(seconds: min(Double(self.nextAttempt - now) / 1e9, self.maxBlockSeconds))
                if MonotonicClock.now() < self.nextAttempt {
                    return .noFrame(reason: "waiting to reopen (\(self.lastError ?? "not open"))")
                }
            }
            do throws(VisionError) {
                try self.open()
            } catch {
                return self.fail("cannot open \(self.describe()): \(error)")
            }
        }
        self.pace()
        switch self.configuration.kind {
        case .usb, .ipCamera, .videoFile:
            return self.readCapture(into: frame)
        case .images:
            return self.readImage(into: frame)
        case .synthetic:
            return self.readSynthetic(into: frame)
        }
    }

    private func describe() -> String {
        self.configuration.kind == .synthetic ? "synthetic source" : self.configuration.location
    }

    private func fail(_ message: String) -> FrameReadOutcome {
        self.close()
        self.consecutiveFailures += 1
        self.lastError = message
        let delay = self.configuration.reconnect.delay(afterFailures: self.consecutiveFailures)
        self.nextAttempt = MonotonicClock.now() + UInt64(delay * 1e9)
        return .noFrame(reason: message)
    }

    private func open() throws(VisionError) {
        let c = self.configuration
        self.framesSinceOpen = 0
        switch c.kind {
        case .usb:
            var out: OpaquePointer?
            try VisionError.check(
                cvision_capture_open_device(
                    c.location, Int32(clamping: c.width ?? 0), Int32(clamping: c.height ?? 0), c.fps ?? 0,
                    c.exposure == nil ? 0 : 1, c.exposure ?? 0, c.mjpeg ? 1 : 0, &out
                ),
                "opening camera \(c.location)"
            )
            self.capture = out
            self.frameInterval = 0
        case .ipCamera, .videoFile:
            if c.kind == .videoFile && !FileManager.default.fileExists(atPath: c.location) {
                throw .io("video file \(c.location) does not exist")
            }
            var out: OpaquePointer?
            try VisionError.check(
                cvision_capture_open_stream(
                    c.location, Int32(clamping: c.openTimeoutMilliseconds), Int32(clamping: c.readTimeoutMilliseconds),
                    &out
                ),
                "opening \(c.location)"
            )
            self.capture = out
            if c.kind == .videoFile && c.realTime, let out {
                let fps = c.fps ?? cvision_capture_fps(out)
                self.frameInterval = fps > 0 ? 1 / fps : 0
            } else {
                self.frameInterval = 0
            }
        case .images:
            self.imagePaths = FileSystem.imagePaths(c.location)
            guard !self.imagePaths.isEmpty else { throw .io("no images in \(c.location)") }
            self.imageIndex = 0
            self.frameInterval = (c.fps ?? 0) > 0 ? 1 / c.fps! : 0
        case .synthetic:
            guard let settings = c.synthetic, !settings.poses.isEmpty else {
                throw .invalidArgument("a synthetic source needs settings with at least one pose")
            }
            guard settings.hasValidTiming else {
                throw .invalidArgument("synthetic.seconds_per_pose must be a number of at least 0.001")
            }
            let fps = settings.fps ?? c.fps ?? 0
            self.frameInterval = fps > 0 ? 1 / fps : 0
        }
        self.isOpen = true
        self.openCount += 1
        self.nextFrameDue = 0
    }

    /// Sleeps until the next frame is due for paced sources.
    private func pace() {
        guard self.frameInterval > 0 else { return }
        let now = MonotonicClock.now()
        if self.nextFrameDue > now {
            self.wait(seconds: Double(self.nextFrameDue - now) / 1e9)
        }
        let base = max(now, self.nextFrameDue)
        self.nextFrameDue = base + UInt64(self.frameInterval * 1e9)
    }

    /// Sleeps `seconds`, or less when interrupted.
    private func wait(seconds: Double) {
        self.interruption.sleep(seconds: seconds)
    }

    private func delivered(
        _ frame: Frame, path: String? = nil, pose: SyntheticTargetPose? = nil, jpeg: [UInt8]? = nil
    ) -> FrameReadOutcome {
        self.framesSinceOpen += 1
        self.consecutiveFailures = 0
        self.frameNumber += 1
        return .frame(
            FrameInfo(
                frameNumber: self.frameNumber, captureTime: MonotonicClock.now(), width: frame.width,
                height: frame.height, path: path, syntheticPose: pose, sourceJPEG: jpeg
            )
        )
    }

    private func readCapture(into frame: Frame) -> FrameReadOutcome {
        guard let capture = self.capture else { return self.fail("capture not open") }
        let status = cvision_capture_read(capture, frame.handle)
        if status == .CVISION_OK { return self.delivered(frame) }
        let detail = String(cString: cvision_last_error())
        if self.configuration.kind == .videoFile && self.framesSinceOpen > 0 {
            // End of the file (or a truncated tail): start over, or finish.
            self.close()
            guard self.configuration.loop else {
                self.isFinished = true
                return .finished
            }
            self.nextAttempt = 0
            return .noFrame(reason: "end of \(self.configuration.location) after \(self.framesSinceOpen) frames; restarting")
        }
        return self.fail("lost \(self.describe()): \(detail)")
    }

    private func readImage(into frame: Frame) -> FrameReadOutcome {
        if self.imageIndex >= self.imagePaths.count {
            guard self.configuration.loop else {
                self.isFinished = true
                self.close()
                return .finished
            }
            // Re-list so images added or removed since are picked up.
            self.close()
            self.nextAttempt = 0
            return .noFrame(reason: "end of the image list; restarting")
        }
        let path = self.imagePaths[self.imageIndex]
        self.imageIndex += 1
        // Decoded from the file's bytes (not read by path), so a JPEG's bytes go with the frame: a recording stores
        // them as they are and a replay decodes the same pixels.
        let bytes: [UInt8]
        do {
            bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            try bytes.withUnsafeBytes { try frame.decode($0) }
        } catch {
            self.lastError = "\(error)"
            return .noFrame(reason: "skipping unreadable image \(path): \(error)")
        }
        return self.delivered(frame, path: path, jpeg: Self.isJPEG(bytes) ? bytes : nil)
    }

    /// Whether `bytes` start like a JPEG file: the start-of-image marker, then another marker.
    private static func isJPEG(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF
    }

    private func readSynthetic(into frame: Frame) -> FrameReadOutcome {
        guard let settings = self.configuration.synthetic, !settings.poses.isEmpty else {
            return self.fail("a synthetic source needs at least one pose")
        }
        // Wall-clock timing: the same pose as every other camera showing this scene now (another process too).
        let index =
            settings.poseIndex(atUnixTime: Date().timeIntervalSince1970) ?? self.syntheticIndex % settings.poses.count
        let pose = settings.poses[index]
        self.syntheticIndex += 1
        do throws(VisionError) {
            try frame.renderTarget2019(at: pose, calibration: settings.calibration)
        } catch {
            return self.fail("rendering failed: \(error)")
        }
        return self.delivered(frame, pose: pose)
    }
}
