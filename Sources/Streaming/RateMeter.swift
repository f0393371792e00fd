/// Counts events and bytes over a sliding window of fixed-size buckets, in bounded memory.
///
/// Times are ``WireFormat/MonotonicClock`` nanoseconds; the caller passes them in, so the type is pure.
public struct RateMeter: Sendable, Hashable {
    private struct Bucket: Sendable, Hashable {
        var index: UInt64
        var events: Int
        var bytes: Int
    }

    /// The window the rates are computed over, nanoseconds.
    public let window: UInt64
    private let bucketWidth: UInt64
    private var buckets: [Bucket]

    /// Creates a meter over `window` nanoseconds split into `bucketCount` buckets.
    public init(window: UInt64 = 1_000_000_000, bucketCount: Int = 10) {
        let count = max(1, bucketCount)
        self.window = max(UInt64(count), window)
        self.bucketWidth = self.window / UInt64(count)
        self.buckets = Array(repeating: Bucket(index: .max, events: 0, bytes: 0), count: count)
    }

    /// Records one event of `bytes` bytes at `time`.
    public mutating func record(bytes: Int, at time: UInt64) {
        let index = time / self.bucketWidth
        let slot = Int(index % UInt64(self.buckets.count))
        if self.buckets[slot].index != index {
            self.buckets[slot] = Bucket(index: index, events: 0, bytes: 0)
        }
        self.buckets[slot].events += 1
        self.buckets[slot].bytes += bytes
    }

    /// Events and bytes per second over the window ending at `time`.
    public func rates(at time: UInt64) -> (eventsPerSecond: Double, bytesPerSecond: Double) {
        let current = time / self.bucketWidth
        let count = UInt64(self.buckets.count)
        var events = 0
        var bytes = 0
        for bucket in self.buckets where bucket.index != .max && bucket.index <= current && current - bucket.index < count {
            events += bucket.events
            bytes += bucket.bytes
        }
        let seconds = Double(self.window) / 1e9
        return (Double(events) / seconds, Double(bytes) / seconds)
    }
}
