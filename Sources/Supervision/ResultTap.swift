public import Bus
import Synchronization
import ThreadSupport
import WireFormat

/// `control tap`: watches a producer's results mirror (``Bus/MessageMirror``) without taking anything from its
/// queue, printing one line per result (``TapLine``) or, in ``Mode/rate``, the stream's figures once a second
/// (``TapFigures``), like `ros2 topic echo` and `ros2 topic hz`.
public final class ResultTap: Sendable {
    /// What is printed while tapping.
    public enum Mode: Sendable {
        /// One line per message.
        case echo
        /// Rate, latency and gaps once per report interval.
        case rate
    }

    public let endpoint: String
    public let mode: Mode
    /// Stop after this many messages (`nil`: until stopped).
    public let limit: Int?
    private let options: MessageTap.Options
    private let reportIntervalNanoseconds: UInt64
    private let shouldStop: @Sendable () -> Bool
    private let stopping = Atomic<Bool>(false)

    /// - Parameters:
    ///   - reportIntervalSeconds: how often ``Mode/rate`` prints its figures.
    ///   - shouldStop: checked at least every 100 ms besides ``stop()`` (e.g. ``TerminationFlag/isRaised``).
    public init(
        endpoint: String,
        mode: Mode,
        limit: Int? = nil,
        reportIntervalSeconds: Double = 1,
        options: MessageTap.Options = MessageTap.Options(),
        shouldStop: @escaping @Sendable () -> Bool = { false }
    ) {
        self.endpoint = endpoint
        self.mode = mode
        self.limit = limit
        self.options = options
        self.reportIntervalNanoseconds = UInt64(max(0.01, min(reportIntervalSeconds, 3600)) * 1e9)
        self.shouldStop = shouldStop
    }

    /// Ends ``run(output:)`` within 100 ms.
    public func stop() {
        self.stopping.store(true, ordering: .relaxed)
    }

    /// Taps until ``limit`` messages arrived or it is stopped, handing each printed line to `output` (on the tap's
    /// own thread), and returns the figures of the whole run.
    /// - Throws: ``Bus/BusError`` when the endpoint cannot be connected (e.g. it is not an endpoint).
    public func run(output: @escaping @Sendable (String) -> Void) async throws(BusError) -> TapFigures {
        let result = await DedicatedThread.run(name: "tap") { [self] in
            Result { () throws(BusError) -> TapFigures in try self.loop(output: output) }
        }
        return try result.get()
    }

    private func loop(output: (String) -> Void) throws(BusError) -> TapFigures {
        let tap = try MessageTap(endpoint: self.endpoint, options: self.options)
        let start = MonotonicClock.now()
        var statistics = TapStatistics(startingAt: start)
        var nextReport = start + self.reportIntervalNanoseconds
        while !self.stopping.load(ordering: .relaxed), !self.shouldStop() {
            if let limit = self.limit, statistics.totalMessages >= limit { break }
            let message = try tap.receive(timeoutMilliseconds: 100)
            let now = MonotonicClock.now()
            if let message {
                let missed = statistics.record(message, receivedAt: now)
                if self.mode == .echo {
                    if missed > 0 { output(TapLine.missed(missed)) }
                    output(TapLine.describe(message))
                }
            }
            if self.mode == .rate, now >= nextReport {
                output(statistics.takeInterval(at: now).line)
                nextReport = max(nextReport + self.reportIntervalNanoseconds, now + self.reportIntervalNanoseconds / 2)
            }
        }
        return statistics.total(at: MonotonicClock.now())
    }
}
