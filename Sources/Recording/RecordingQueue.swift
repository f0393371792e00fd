import Dispatch
import Synchronization
import Vision
import WireFormat

/// The bounded hand-off between the processing thread and the recording's writer thread, and the recording's counters.
///
/// The processing thread never waits here: it takes a spare pixel buffer (or drops the frame when all
/// ``capacity`` buffers are in use, counting it), copies its frame's pixels into it and queues it. The writer thread takes
/// everything queued at once and gives the buffers back when written.
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

    /// Queues a copy of `frame` with its `result`; returns whether it was queued (no: full and counted, or closing).
    func push(_ frame: Frame, _ result: TargetingResult) -> Bool {
        guard !frame.isEmpty, var pixels = self.reserve() else { return false }
        RecordedFrame.copyPixels(of: frame, into: &pixels)
        let recorded = RecordedFrame(pixels: pixels, width: frame.width, height: frame.height, result: result)
        self.state.withLock { $0.entries.append(.frame(recorded)) }
        self.wake.signal()
        return true
    }

    /// Queues a request to close the running segment.
    func pushEndSegment() {
        self.state.withLock { $0.entries.append(.endSegment) }
        self.wake.signal()
    }

    /// A spare pixel buffer (empty when new) while fewer than ``capacity`` are in use, or `nil` (counted as dropped).
    private func reserve() -> [UInt8]? {
        self.state.withLock { state in
            guard !state.closing else { return nil }
            guard state.inUse < self.capacity else {
                state.counters.droppedQueueFull += 1
                return nil
            }
            state.inUse += 1
            return state.spare.popLast() ?? []
        }
    }

    /// Returns a written (or dropped) frame's pixel buffer.
    func giveBack(_ pixels: [UInt8]) {
        self.state.withLock { state in
            state.inUse -= 1
            state.spare.append(pixels)
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
