import Testing
import WireFormat

@testable import Streaming

@Suite struct LatestTargetingTests {
    @Test func emptyUntilFirstResult() {
        let latest = LatestTargeting()
        let (result, age) = latest.current()
        #expect(result == nil)
        #expect(age == 0)
    }

    @Test func ageCountsFromCaptureAndNewestWins() throws {
        let latest = LatestTargeting()
        latest.update(TargetingResult(captureTime: 1_000_000_000, found: true), receivedAt: 1_100_000_000)
        latest.update(TargetingResult(captureTime: 2_000_000_000, found: false), receivedAt: 2_050_000_000)
        let (result, age) = latest.current(at: 3_500_000_000)
        #expect(result?.captureTime == 2_000_000_000)
        #expect(abs(age - 1.5) < 1e-9)
    }

    @Test func captureTimeFromAnotherHostFallsBackToReceiveTime() {
        let latest = LatestTargeting()
        latest.update(TargetingResult(captureTime: 9_000_000_000, found: true), receivedAt: 1_000_000_000)
        #expect(abs(latest.current(at: 1_250_000_000).ageSeconds - 0.25) < 1e-9)
    }

    @Test func clearMeansNoData() {
        let latest = LatestTargeting()
        latest.update(TargetingResult(captureTime: 1, found: true))
        latest.clear()
        #expect(latest.current().result == nil)
        #expect(OverlayRenderer().verdict(for: latest.current().result, ageSeconds: 0) == .noData)
    }
}
