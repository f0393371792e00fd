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

    /// Longest round trip accepted, microseconds: a reply after 10 s is no use for synchronising.
    public static let maxRoundTripMicros: Int64 = 10_000_000
    /// Largest server time accepted, microseconds: half the 64-bit range, so that an offset to any local time still
    /// fits. The roboRIO counts from boot (FPGA clock), desktop WPILib from the Unix epoch; anything beyond this, or
    /// negative, is a broken or hostile server.
    public static let maxServerMicros: Int64 = Int64.max / 2

    /// Records one exchange. Samples that cannot be right are ignored (returns `nil`): a negative or over-long round
    /// trip (a local clock step, or a forged echo of our time), or a server time that is negative or beyond
    /// ``maxServerMicros``. Every arithmetic is checked, so no value from the wire can trap.
    ///
    /// - Parameters:
    ///   - sentLocalMicros: The local time the client sent (echoed by the server).
    ///   - serverMicros: The server's time in its reply.
    ///   - receivedLocalMicros: The local time the reply arrived.
    /// - Returns: The sample, or `nil` if it was rejected.
    @discardableResult
    public mutating func record(sentLocalMicros: Int64, serverMicros: Int64, receivedLocalMicros: Int64) -> Sample? {
        let (rtt, rttOverflow) = receivedLocalMicros.subtractingReportingOverflow(sentLocalMicros)
        guard !rttOverflow, (0...Self.maxRoundTripMicros).contains(rtt),
            (0...Self.maxServerMicros).contains(serverMicros)
        else { return nil }
        let (offset, offsetOverflow) = (serverMicros + rtt / 2).subtractingReportingOverflow(receivedLocalMicros)
        guard !offsetOverflow else { return nil }
        let sample = Sample(roundTripMicros: rtt, offsetMicros: offset)
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

    /// Whether the window holds ``window`` samples: until then the client samples quickly, so that one slow first
    /// exchange (a busy server, a loaded machine) does not set the offset for the next several seconds.
    public var hasFullWindow: Bool { self.samples.count >= self.window }

    /// Converts a local time (microseconds of ``WireFormat/MonotonicClock``) to the server time base.
    /// `nil` when not synchronised or when the result would not fit 64 bits.
    public func serverTime(localMicros: Int64) -> Int64? {
        guard let best = self.best else { return nil }
        let (time, overflow) = localMicros.addingReportingOverflow(best.offsetMicros)
        return overflow ? nil : time
    }

    /// Converts a server time (for example a value's timestamp from the wire) to the local time base, or `nil` when
    /// not synchronised or when the result would not fit 64 bits.
    public func localTime(serverMicros: Int64) -> Int64? {
        guard let best = self.best else { return nil }
        let (time, overflow) = serverMicros.subtractingReportingOverflow(best.offsetMicros)
        return overflow ? nil : time
    }

    /// The timestamp to send for a value produced at `localMicros` with the server offset `offsetMicros`: at least 1
    /// (0 would mean a default value to the server), saturating instead of overflowing.
    static func valueTimestamp(localMicros: Int64, offsetMicros: Int64) -> Int64 {
        let (time, overflow) = localMicros.addingReportingOverflow(offsetMicros)
        if overflow { return offsetMicros > 0 ? Int64.max : 1 }
        return max(1, time)
    }

    /// Forgets all samples (after a disconnect: the next server may have another time base).
    public mutating func reset() {
        self.samples.removeAll()
    }
}
