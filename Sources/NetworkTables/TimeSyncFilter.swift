/// The offset between our clock and the robot's, from PhotonVision time sync pongs (``TimeSyncPacket``), robust to a
/// server that answers garbage.
///
/// Each pong gives `rtt = received - clientTime` and `offset = serverTime + rtt / 2 - received` (Cristian's
/// algorithm). The estimate is the offset of the lowest-RTT pong among the last ``Limits/window`` accepted ones.
/// A pong is rejected (``Outcome/rejected(_:)``) when it answers no ping of ours still in flight (a client time in
/// our future, not newer than the last accepted one, or older than ``Limits/maxRoundTripMicros``), when its server
/// time is huge (over ``Limits/maxServerMicros``), or when it disagrees with the estimate: server time before the
/// last accepted one, or an offset more than ``Limits/maxOffsetJumpMicros`` away. ``Limits/restartAfter`` such
/// disagreeing pongs in a row mean the robot's clock restarted: the filter starts over from them
/// (``Outcome/restarted(_:)``).
///
/// The applied offset follows the estimate forward at once but backward by at most ``Limits/maxBackwardStepMicros``
/// per accepted pong, so timestamps of successive frames never go back by more than that; the exceptions are the
/// first ``Limits/warmUp`` pongs (the first may have waited for a sleeping server: the estimate then moves freely
/// while the fast pongs come in) and a restart of the robot's clock (its time base itself went back).
public struct TimeSyncFilter: Sendable {
    /// The filter's bounds.
    public struct Limits: Sendable, Hashable {
        /// A pong arriving later than this after its ping is ignored (stale or not ours), microseconds.
        public var maxRoundTripMicros: Int64 = 200_000
        /// Server times above this are garbage (2^53 us is 285 years of robot uptime).
        public var maxServerMicros: UInt64 = 1 << 53
        /// An offset farther than this from the estimate disagrees with it, microseconds.
        public var maxOffsetJumpMicros: Int64 = 1_000_000
        /// How far the applied offset may go back per accepted pong, microseconds.
        public var maxBackwardStepMicros: Int64 = 1_000
        /// How many recent accepted pongs the estimate considers.
        public var window = 16
        /// Disagreeing pongs in a row after which the server's clock is taken as restarted.
        public var restartAfter = 10
        /// Pongs after the first (or a restart) during which the offset follows the estimate both ways.
        public var warmUp = 8

        public init() {}
    }

    /// One accepted exchange.
    public struct Sample: Sendable, Hashable {
        /// Round trip, microseconds.
        public var roundTripMicros: Int64
        /// `robot time - local time`, microseconds.
        public var offsetMicros: Int64
    }

    /// What the filter made of one pong.
    public enum Outcome: Sendable, Hashable {
        case accepted(Sample)
        /// The server's clock restarted: the filter started over from this pong.
        case restarted(Sample)
        /// Ignored, with the reason.
        case rejected(String)
    }

    public let limits: Limits
    /// The offset applied to local times (robot = local + offset), microseconds; `nil` before the first pong.
    public private(set) var offsetMicros: Int64?
    /// The local time of the last accepted pong, microseconds.
    public private(set) var lastPongLocalMicros: Int64?
    private var samples: [Sample] = []
    private var lastClientMicros: UInt64 = 0
    private var lastServerMicros: Int64?
    private var disagreeing = 0
    private var acceptedSinceStart = 0

    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// The lowest-RTT recent sample, `nil` before the first pong.
    public var best: Sample? { self.samples.min { $0.roundTripMicros < $1.roundTripMicros } }

    /// Feeds one pong received at `receivedLocalMicros` (our clock).
    public mutating func record(_ pong: TimeSyncPacket.Pong, receivedLocalMicros now: Int64) -> Outcome {
        guard now >= 0, pong.clientMicros <= UInt64(now) else {
            return .rejected("its client time \(pong.clientMicros) us is not a ping of ours (in our future)")
        }
        guard pong.clientMicros > self.lastClientMicros else {
            return .rejected("it answers a ping older than the last answered one (duplicate or late)")
        }
        let roundTrip = now - Int64(pong.clientMicros)
        guard roundTrip <= self.limits.maxRoundTripMicros else {
            let limit = self.limits.maxRoundTripMicros / 1_000
            return .rejected("it arrived \(roundTrip / 1_000) ms after its ping (limit \(limit) ms)")
        }
        guard pong.serverMicros <= self.limits.maxServerMicros else {
            return .rejected("its server time \(pong.serverMicros) us is out of range")
        }
        let server = Int64(pong.serverMicros)
        let (offset, overflow) = (server + roundTrip / 2).subtractingReportingOverflow(now)
        guard !overflow else { return .rejected("its offset overflows") }
        let sample = Sample(roundTripMicros: roundTrip, offsetMicros: offset)
        if let disagreement = self.disagreement(server: server, offset: offset) {
            self.disagreeing += 1
            guard self.disagreeing >= self.limits.restartAfter else { return .rejected(disagreement) }
            self.samples.removeAll()
            self.offsetMicros = nil
            self.acceptedSinceStart = 0
            self.accept(sample, clientMicros: pong.clientMicros, server: server, now: now)
            return .restarted(sample)
        }
        self.accept(sample, clientMicros: pong.clientMicros, server: server, now: now)
        return .accepted(sample)
    }

    /// Converts a local time (``WireFormat/MonotonicClock`` microseconds) to robot time; `nil` before the first pong
    /// or when the sum overflows.
    public func robotTime(localMicros: Int64) -> Int64? {
        guard let offset = self.offsetMicros else { return nil }
        let (time, overflow) = localMicros.addingReportingOverflow(offset)
        return overflow ? nil : time
    }

    /// Microseconds from the last accepted pong to `localMicros` (0 if earlier); `nil` before the first pong.
    public func microsSinceLastPong(localMicros: Int64) -> Int64? {
        guard let last = self.lastPongLocalMicros else { return nil }
        let (elapsed, overflow) = localMicros.subtractingReportingOverflow(last)
        return overflow ? (localMicros < last ? 0 : .max) : max(0, elapsed)
    }

    private func disagreement(server: Int64, offset: Int64) -> String? {
        if let last = self.lastServerMicros, server < last {
            return "its server time \(server) us is before the previous pong's \(last) us"
        }
        if let estimate = self.best?.offsetMicros {
            let (jump, overflow) = offset.subtractingReportingOverflow(estimate)
            if overflow || jump.magnitude > self.limits.maxOffsetJumpMicros.magnitude {
                return "its offset is \(overflow ? "far" : "\(jump / 1_000) ms") away from the estimate"
            }
        }
        return nil
    }

    private mutating func accept(_ sample: Sample, clientMicros: UInt64, server: Int64, now: Int64) {
        self.samples.append(sample)
        if self.samples.count > max(1, self.limits.window) { self.samples.removeFirst() }
        self.lastClientMicros = clientMicros
        self.lastServerMicros = server
        self.lastPongLocalMicros = now
        self.disagreeing = 0
        self.acceptedSinceStart += 1
        let estimate = self.best?.offsetMicros ?? sample.offsetMicros
        guard let applied = self.offsetMicros, self.acceptedSinceStart > self.limits.warmUp else {
            self.offsetMicros = estimate
            return
        }
        let floor = applied.subtractingReportingOverflow(self.limits.maxBackwardStepMicros)
        self.offsetMicros = floor.overflow ? estimate : max(estimate, floor.partialValue)
    }
}
