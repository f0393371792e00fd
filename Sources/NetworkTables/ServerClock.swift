/// Estimates the server's time base from NT4 time sync exchanges (Cristian's algorithm, spec "Timestamps").
///
/// The client sends its local time `t0` with topic id -1; the server answers with its own time `ts` and
/// `t0`; the client receives the answer at `t1`. With `rtt = t1 - t0`, the server time at `t1` is
/// `ts + rtt / 2`. The spec keeps the sample with the lowest RTT; this keeps the lowest-RTT sample among
/// the last ``window`` samples, so the estimate follows clock drift over a long match instead of being
/// pinned to one old sample forever.
public struct ServerClock: Sendable, Hashable {
    /// One time sync exchange.
    public struct Sample: Sendable, Hashable {
        /// Round trip time, microseconds.
        public var roundTripMicros: Int64
        /// `server time - local time`, microseconds.
        public var offsetMicros: Int64
    }

    /// How many recent samples are considered.
    public let window: Int
    private var samples: [Sample] = []

    /// Creates a clock with no samples (not synchronised).
    public init(window: Int = 8) {
        self.window = max(1, window)
    }

    /// Records one exchange; samples whose round trip is negative (a local clock step) are ignored.
    ///
    /// - Parameters:
    ///   - sentLocalMicros: The local time the client sent (echoed by the server).
    ///   - serverMicros: The server's time in its reply.
    ///   - receivedLocalMicros: The local time the reply arrived.
    /// - Returns: The sample, or `nil` if it was rejected.
    @discardableResult
    public mutating func record(sentLocalMicros: Int64, serverMicros: Int64, receivedLocalMicros: Int64) -> Sample? {
        let rtt = receivedLocalMicros - sentLocalMicros
        guard rtt >= 0 else { return nil }
        let sample = Sample(roundTripMicros: rtt, offsetMicros: serverMicros + rtt / 2 - receivedLocalMicros)
        self.samples.append(sample)
        if self.samples.count > self.window { self.samples.removeFirst(self.samples.count - self.window) }
        return sample
    }

    /// The best (lowest RTT) recent sample, or `nil` before the first reply.
    public var best: Sample? {
        self.samples.min { $0.roundTripMicros < $1.roundTripMicros }
    }

    /// Whether at least one reply was recorded.
    public var isSynchronized: Bool { !self.samples.isEmpty }

    /// Converts a local time (microseconds of ``WireFormat/MonotonicClock``) to the server time base.
    public func serverTime(localMicros: Int64) -> Int64? {
        guard let best = self.best else { return nil }
        return localMicros + best.offsetMicros
    }

    /// Forgets all samples (after a disconnect: the next server may have another time base).
    public mutating func reset() {
        self.samples.removeAll()
    }
}
