/// How a failed or lost frame source is retried: exponential back-off between attempts.
public struct ReconnectPolicy: Hashable, Sendable, Codable {
    /// Wait after the first failure, seconds.
    public var initialDelay: Double
    /// Longest wait between attempts, seconds.
    public var maxDelay: Double
    /// Growth factor of the wait after each consecutive failure.
    public var multiplier: Double

    public init(initialDelay: Double = 0.25, maxDelay: Double = 4, multiplier: Double = 2) {
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
        self.multiplier = multiplier
    }

    /// The wait before attempt number `failures + 1` after `failures` consecutive failures (>= 1).
    public func delay(afterFailures failures: Int) -> Double {
        guard failures > 0 else { return 0 }
        var delay = max(0, self.initialDelay)
        for _ in 1..<min(failures, 64) {
            delay *= max(1, self.multiplier)
            if delay >= self.maxDelay { break }
        }
        return min(delay, max(self.initialDelay, self.maxDelay))
    }
}
