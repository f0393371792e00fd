import Testing
import WireFormat

@testable import Streaming

@Suite struct LatestTargetingTests {
    static func result(captureTime: UInt64 = 0, latencyMicroseconds: UInt32 = 0, targets: Int = 1) -> TargetingResult {
        TargetingResult(
            captureTime: captureTime, pipelineLatencyMicroseconds: latencyMicroseconds, pipeline: .apriltag,
            targets: (0..<targets).map { Target(id: Int16($0)) })
    }

    @Test func emptyUntilFirstResult() {
        let latest = LatestTargeting()
        #expect(latest.current() == nil)
        #expect(OverlayRenderer().verdict(for: latest.current()) == .noData)
    }

    @Test func ageIsArrivalAgePlusReportedLatencyAndNewestWins() throws {
        let latest = LatestTargeting(staleAfterSeconds: 0.5)
        latest.update(Self.result(captureTime: 1_000_000_000, targets: 2), receivedAt: 1_100_000_000)
        latest.update(Self.result(captureTime: 2_000_000_000, latencyMicroseconds: 40_000, targets: 1), receivedAt: 2_050_000_000)
        let snapshot = try #require(latest.current(at: 2_350_000_000))
        #expect(snapshot.result.captureTime == 2_000_000_000 && snapshot.result.targets.count == 1)
        #expect(abs(snapshot.ageSeconds - 0.34) < 1e-9)
        #expect(!snapshot.isStale)
        let later = try #require(latest.current(at: 2_600_000_000))
        #expect(abs(later.ageSeconds - 0.59) < 1e-9)
        #expect(later.isStale)
    }

    /// Capture times are the producer's clock: from another host (far ahead or behind) or 0, they never make a
    /// result look fresh or old. Only the arrival time on this host and the reported latency count.
    @Test(arguments: [0, 1, 9_000_000_000, UInt64.max])
    func captureTimeNeverEntersTheAge(captureTime: UInt64) throws {
        let latest = LatestTargeting(staleAfterSeconds: 0.5)
        latest.update(Self.result(captureTime: captureTime, latencyMicroseconds: 10_000), receivedAt: 1_000_000_000)
        let fresh = try #require(latest.current(at: 1_250_000_000))
        #expect(abs(fresh.ageSeconds - 0.26) < 1e-9 && !fresh.isStale)
        let stale = try #require(latest.current(at: 1_600_000_000))
        #expect(stale.isStale)
    }

    @Test func aLatencyAboveTheLimitIsStaleOnArrival() throws {
        let latest = LatestTargeting(staleAfterSeconds: 0.5)
        latest.update(Self.result(latencyMicroseconds: 600_000), receivedAt: 5)
        #expect(try #require(latest.current(at: 5)).isStale)
    }

    @Test func clearMeansNoData() {
        let latest = LatestTargeting()
        latest.update(Self.result())
        latest.clear()
        #expect(latest.current() == nil)
        #expect(OverlayRenderer().verdict(for: latest.current()) == .noData)
    }
}
