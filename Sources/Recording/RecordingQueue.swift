import Dispatch
import Synchronization
import Vision
import WireFormat

/// The bounded hand-off between the processing thread and the recording's writer thread, and the recording's counters.
///
/// The processing thread never waits here: it takes one of ``capacity`` slots (or drops the frame when all are in
/// use, counting it) and queues the source's JPEG (shared, not copied) or a copy of the frame's pixels in a spare
/// buffer. The writer thread takes everything queued at once and gives the slots (and pixel buffers) back when written.
final class RecordingQueue: Sendable {
    /// A queued piece of work for the writer thread.
    enum Entry: Sendable {
        case frame(RecordedFrame)
        /// Close the running segment (the robot was disabled).
        case endSegment
    }

    /// The recording's figures, kept by both threads.
    struct Counters: Sendable {
        /// Frames written to a segment.
        var written: UInt64 = 0
        /// Frames dropped because every buffer was waiting to be written.
        var droppedQueueFull: UInt64 = 0
        /// Frames dropped because the disk refused them (full, or an I/O error).
        var droppedDisk: UInt64 = 0
        /// Segments started.
        var segments: UInt64 = 0
        /// Segments deleted to keep the disk budget.
        var deleted: UInt64 = 0
        /// Bytes of the folder's segments at the last check.
        var bytes: UInt64 = 0
        /// Whether a segment is open.
        var active = false
    }

    private struct State {
        var entries: [Entry] = []
        var spare: [[UInt8]] = []
        var inUse = 0
        var closing = false
        var counters = Counters()
    }

    /// Frame buffers in use at most (queued or being written).
    let capacity: Int
    private let state = Mutex(State())
    private let wake = DispatchSemaphore(value: 0)

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Queues `frame` with its `result`: `sourceJPEG` when given (the JPEG `frame` was decoded from), else a copy of
    /// the pixels; returns whether it was queued (no: full and counted, or closing).
    func push(_ frame: Frame, _ result: TargetingResult, sourceJPEG: [UInt8]?) -> Bool {
        guard !frame.isEmpty, var pixels = self.reserve(withPixelBuffer: sourceJPEG == nil) else { return false }
        let image: RecordedFrame.Image
        if let sourceJPEG {
            image = .jpeg(sourceJPEG)
        } else {
            RecordedFrame.copyPixels(of: frame, into: &pixels)
            image = .pixels(pixels)
        }
        let recorded = RecordedFrame(image: image, width: frame.width, height: frame.height, result: result)
        self.state.withLock { $0.entries.append(.frame(recorded)) }
        self.wake.signal()
        return true
    }

    /// Queues a request to close the running segment.
    func pushEndSegment() {
        self.state.withLock { $0.entries.append(.endSegment) }
        self.wake.signal()
    }

    /// A slot while fewer than ``capacity`` are in use, with a spare pixel buffer when asked (else, and when new,
    /// empty), or `nil` (counted as dropped).
    private func reserve(withPixelBuffer: Bool) -> [UInt8]? {
        self.state.withLock { state in
            guard !state.closing else { return nil }
            guard state.inUse < self.capacity else {
                state.counters.droppedQueueFull += 1
                return nil
            }
            state.inUse += 1
            return withPixelBuffer ? state.spare.popLast() ?? [] : []
        }
    }

    /// Returns a written (or dropped) frame's slot, and its pixel buffer for reuse.
    func giveBack(_ image: RecordedFrame.Image) {
        self.state.withLock { state in
            state.inUse -= 1
            if case .pixels(let pixels) = image { state.spare.append(pixels) }
        }
    }

    /// Waits up to `milliseconds` for work, then takes everything queued; `closing` tells the writer to finish.
    func take(waitingMilliseconds milliseconds: Int) -> (entries: [Entry], closing: Bool) {
        _ = self.wake.wait(timeout: .now() + .milliseconds(milliseconds))
        return self.state.withLock { state in
            defer { state.entries.removeAll(keepingCapacity: true) }
            return (state.entries, state.closing)
        }
    }

    /// Refuses new frames and wakes the writer to finish.
    func close() {
        self.state.withLock { $0.closing = true }
        self.wake.signal()
    }

    /// Changes the counters.
    func update(_ body: (inout Counters) -> Void) {
        self.state.withLock { body(&$0.counters) }
    }

    /// The counters now.
    var counters: Counters { self.state.withLock { $0.counters } }
}
