/// A token bucket that lets frames through at no more than a given average rate.
///
/// Unlike "drop a frame when it comes earlier than one period after the last", the bucket keeps the long-run rate
/// exact when the source rate is not a multiple of the limit (a 30 fps source limited to 20 fps sends 20, not 15).
/// Bursts are bounded by ``burst`` frames. Times are ``WireFormat/MonotonicClock`` nanoseconds.
public struct FrameRateLimiter: Sendable, Hashable {
    /// The average rate allowed, frames per second; `nil` lets everything through.
    public private(set) var framesPerSecond: Double?
    /// The most frames that may pass back to back after a quiet period.
    public let burst: Double
    private var tokens: Double
    private var lastTime: UInt64?

    /// Creates a limiter. `burst` must be at least 1.
    public init(framesPerSecond: Double?, burst: Double = 1.5) {
        self.framesPerSecond = framesPerSecond.flatMap { $0 > 0 ? $0 : nil }
        self.burst = max(1, burst)
        self.tokens = self.burst
        self.lastTime = nil
    }

    /// Changes the rate, keeping the tokens already earned.
    public mutating func setRate(_ framesPerSecond: Double?) {
        self.framesPerSecond = framesPerSecond.flatMap { $0 > 0 ? $0 : nil }
    }

    /// Whether a frame at `time` may pass; if it may, it uses up one token.
    public mutating func admit(at time: UInt64) -> Bool {
        guard let rate = self.framesPerSecond else { return true }
        if let lastTime {
            let elapsed = time > lastTime ? Double(time - lastTime) / 1e9 : 0
            self.tokens = min(self.burst, self.tokens + elapsed * rate)
        }
        self.lastTime = time
        // A little slack so that frames arriving with timing jitter exactly at the rate still pass.
        if self.tokens >= 0.95 {
            self.tokens -= 1
            return true
        }
        return false
    }
}
