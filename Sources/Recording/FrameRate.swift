/// Frames per second over the last second of capture times.
struct FrameRate {
    private var windowStart: UInt64?
    private var windowFrames = 0
    /// The rate of the last complete window (0 before one completes).
    private(set) var fps = 0.0

    /// Counts a frame captured at `captureTime` (``WireFormat/MonotonicClock`` ns).
    mutating func record(captureTime: UInt64) {
        guard let start = self.windowStart, captureTime >= start else {
            self.windowStart = captureTime
            self.windowFrames = 1
            return
        }
        self.windowFrames += 1
        let elapsed = captureTime - start
        if elapsed >= 1_000_000_000 {
            self.fps = Double(self.windowFrames - 1) / (Double(elapsed) / 1e9)
            self.windowStart = captureTime
            self.windowFrames = 1
        }
    }
}
