import Supervision
import Testing
import WireFormat

/// The figures `control tap --hz` prints, from messages with known arrival times.
struct TapStatisticsTests {
    static let millisecond: UInt64 = 1_000_000

    static func result(sequence: UInt64, latencyMicroseconds: UInt32, sender: String = "targeting") -> BusMessage {
        BusMessage(
            header: MessageHeader(type: .targetingResult, sequence: sequence, sentAt: 0, sender: sender),
            payload: .targetingResult(
                TargetingResult(captureTime: 0, pipelineLatencyMicroseconds: latencyMicroseconds, pipeline: .reflective2019)
            )
        )
    }

    @Test func rateLatencyAndLongestIntervalOfAnInterval() {
        var statistics = TapStatistics(startingAt: 0)
        // 20 results 50 ms apart with latencies 1...20 ms, one pause of 200 ms after the tenth.
        var time: UInt64 = 0
        for index in 0..<20 {
            time += (index == 10 ? 200 : 50) * Self.millisecond
            statistics.record(Self.result(sequence: UInt64(index), latencyMicroseconds: UInt32(index + 1) * 1000), receivedAt: time)
        }
        let figures = statistics.takeInterval(at: 1_250 * Self.millisecond)
        #expect(figures.messages == 20)
        #expect(figures.rate == 16)
        #expect(figures.latencyMedianMilliseconds == 10)
        #expect(figures.latencyP95Milliseconds == 19)
        #expect(figures.longestIntervalMilliseconds == 200)
        #expect(figures.missed == 0)
        #expect(figures.line == "rate 16.0 Hz  latency median 10.0 ms p95 19.0 ms  longest interval 200.0 ms  missed 0  (20 in 1.25 s)")
    }

    @Test func gapsInTheSequenceAreMissedResultsPerSender() {
        var statistics = TapStatistics(startingAt: 0)
        #expect(statistics.record(Self.result(sequence: 5, latencyMicroseconds: 1), receivedAt: 1) == 0)
        #expect(statistics.record(Self.result(sequence: 9, latencyMicroseconds: 1), receivedAt: 2) == 3)
        #expect(statistics.record(Self.result(sequence: 0, latencyMicroseconds: 1, sender: "other"), receivedAt: 3) == 0)
        // A producer that restarted starts over: nothing missed.
        #expect(statistics.record(Self.result(sequence: 0, latencyMicroseconds: 1), receivedAt: 4) == 0)
        #expect(statistics.record(Self.result(sequence: 2, latencyMicroseconds: 1), receivedAt: 5) == 1)
        #expect(statistics.takeInterval(at: 10).missed == 4)
    }

    @Test func eachIntervalStartsAfreshWhileTheTotalCoversTheRun() {
        var statistics = TapStatistics(startingAt: 0)
        statistics.record(Self.result(sequence: 0, latencyMicroseconds: 2000), receivedAt: 100 * Self.millisecond)
        _ = statistics.takeInterval(at: 1000 * Self.millisecond)
        statistics.record(Self.result(sequence: 1, latencyMicroseconds: 4000), receivedAt: 1500 * Self.millisecond)
        let second = statistics.takeInterval(at: 2000 * Self.millisecond)
        #expect(second.messages == 1)
        #expect(second.seconds == 1)
        #expect(second.latencyMedianMilliseconds == 4)
        #expect(second.longestIntervalMilliseconds == nil)
        let total = statistics.total(at: 2000 * Self.millisecond)
        #expect(total.messages == 2)
        #expect(total.rate == 1)
        #expect(total.longestIntervalMilliseconds == 1400)
        #expect(statistics.totalMessages == 2)
    }

    @Test func anEmptyIntervalSaysSo() {
        var statistics = TapStatistics(startingAt: 0)
        let figures = statistics.takeInterval(at: 1000 * Self.millisecond)
        #expect(figures.rate == 0)
        #expect(figures.latencyMedianMilliseconds == nil)
        #expect(figures.line.hasPrefix("no messages in 1.00 s"))
    }

    @Test func theRunKeepsABoundedNumberOfLatencies() {
        var statistics = TapStatistics(startingAt: 0)
        for index in 0..<12_000 {
            statistics.record(Self.result(sequence: UInt64(index), latencyMicroseconds: index < 2_000 ? 100_000 : 1_000), receivedAt: UInt64(index))
        }
        // Only the newest 10,000 latencies count: the old 100 ms ones are gone.
        #expect(statistics.total(at: 12_000).latencyP95Milliseconds == 1)
        #expect(statistics.total(at: 12_000).messages == 12_000)
    }
}
