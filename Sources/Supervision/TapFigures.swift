import Foundation

/// Figures of a tapped results stream over some interval, as `control tap --hz` prints them each second.
public struct TapFigures: Hashable, Sendable {
    /// Messages received in the interval.
    public var messages: Int
    /// The interval's length, seconds.
    public var seconds: Double
    /// Results the tap missed in the interval (gaps in the senders' sequence numbers: it fell behind, or the
    /// producer's mirror dropped them).
    public var missed: UInt64
    /// Pipeline latency (capture to result, as the producer reported it), median and 95th percentile, milliseconds;
    /// `nil` without results.
    public var latencyMedianMilliseconds: Double?
    public var latencyP95Milliseconds: Double?
    /// The longest time between two messages in the interval, milliseconds (`nil` with fewer than two).
    public var longestIntervalMilliseconds: Double?

    /// Messages per second.
    public var rate: Double { self.seconds > 0 ? Double(self.messages) / self.seconds : 0 }

    /// `rate 29.9 Hz  latency median 4.1 ms p95 6.3 ms  longest interval 41.2 ms  missed 0  (30 in 1.00 s)`.
    public var line: String {
        guard self.messages > 0 else {
            return "no messages in \(String(format: "%.2f", self.seconds)) s (is the producer's tap enabled?)"
        }
        var parts = [String(format: "rate %.1f Hz", self.rate)]
        if let median = self.latencyMedianMilliseconds, let p95 = self.latencyP95Milliseconds {
            parts.append(String(format: "latency median %.1f ms p95 %.1f ms", median, p95))
        }
        if let longest = self.longestIntervalMilliseconds {
            parts.append(String(format: "longest interval %.1f ms", longest))
        }
        parts.append("missed \(self.missed)")
        parts.append(String(format: "(%d in %.2f s)", self.messages, self.seconds))
        return parts.joined(separator: "  ")
    }

    /// The nearest-rank `fraction` percentile of `values` (`nil` when empty).
    static func percentile(_ values: [Double], _ fraction: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let rank = Int((fraction * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }
}
