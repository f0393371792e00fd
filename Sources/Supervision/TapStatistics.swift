public import WireFormat

/// Running figures of a tapped results stream: an interval that ``takeInterval(at:)`` reads and restarts (for
/// `--hz`), and the whole run for the closing summary. Times are ``WireFormat/MonotonicClock`` nanoseconds passed in.
public struct TapStatistics: Sendable {
    /// The most latencies kept for the whole run's percentiles (the newest; a long tap stays bounded).
    static let maxKeptLatencies = 10_000

    private struct Interval: Sendable {
        var start: UInt64
        var messages = 0
        var missed: UInt64 = 0
        var latencies: [Double] = []
        var lastArrival: UInt64?
        var longestInterval: UInt64?

        init(start: UInt64) { self.start = start }

        mutating func record(arrival: UInt64, latency: Double?, missed: UInt64, keep: Int) {
            self.messages += 1
            self.missed += missed
            if let latency {
                if self.latencies.count >= keep { self.latencies.removeFirst(self.latencies.count - keep + 1) }
                self.latencies.append(latency)
            }
            if let last = self.lastArrival, arrival >= last {
                self.longestInterval = max(self.longestInterval ?? 0, arrival - last)
            }
            self.lastArrival = arrival
        }

        func figures(at time: UInt64) -> TapFigures {
            TapFigures(
                messages: self.messages,
                seconds: Double(time >= self.start ? time - self.start : 0) / 1e9,
                missed: self.missed,
                latencyMedianMilliseconds: TapFigures.percentile(self.latencies, 0.5),
                latencyP95Milliseconds: TapFigures.percentile(self.latencies, 0.95),
                longestIntervalMilliseconds: self.longestInterval.map { Double($0) / 1e6 }
            )
        }
    }

    private var interval: Interval
    private var run: Interval
    private var lastSequence: [String: UInt64] = [:]

    /// Starts counting at `time`.
    public init(startingAt time: UInt64) {
        self.interval = Interval(start: time)
        self.run = Interval(start: time)
    }

    /// Counts `message`, received at `time`.
    /// - Returns: how many of its sender's messages were missed just before it (0 when none).
    @discardableResult
    public mutating func record(_ message: BusMessage, receivedAt time: UInt64) -> UInt64 {
        let header = message.header
        var missed: UInt64 = 0
        // A sequence that goes back (a restarted producer) starts over: nothing missed.
        if let last = self.lastSequence[header.sender], header.sequence > last {
            missed = header.sequence - last - 1
        }
        self.lastSequence[header.sender] = header.sequence
        var latency: Double?
        if case .targetingResult(let result) = message.payload {
            latency = Double(result.pipelineLatencyMicroseconds) / 1000
        }
        self.interval.record(arrival: time, latency: latency, missed: missed, keep: Self.maxKeptLatencies)
        self.run.record(arrival: time, latency: latency, missed: missed, keep: Self.maxKeptLatencies)
        return missed
    }

    /// Messages counted since the start.
    public var totalMessages: Int { self.run.messages }

    /// The figures since the last call (or the start), and a new interval from `time`.
    public mutating func takeInterval(at time: UInt64) -> TapFigures {
        let figures = self.interval.figures(at: time)
        self.interval = Interval(start: time)
        return figures
    }

    /// The figures of the whole run up to `time`.
    public func total(at time: UInt64) -> TapFigures {
        self.run.figures(at: time)
    }
}
