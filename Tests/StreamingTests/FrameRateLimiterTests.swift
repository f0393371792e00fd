import Testing

@testable import Streaming

@Suite struct FrameRateLimiterTests {
    /// Feeds frames at `sourceFPS` for `seconds` and counts how many pass.
    private func passed(limit: Double?, sourceFPS: Double, seconds: Double) -> Int {
        var limiter = FrameRateLimiter(framesPerSecond: limit)
        let period = UInt64(1e9 / sourceFPS)
        var count = 0
        for index in 0..<Int(sourceFPS * seconds) where limiter.admit(at: 1_000_000_000 + UInt64(index) * period) {
            count += 1
        }
        return count
    }

    @Test func noLimitPassesEverything() {
        #expect(self.passed(limit: nil, sourceFPS: 30, seconds: 10) == 300)
    }

    @Test(arguments: [(30.0, 20.0), (30.0, 10.0), (30.0, 15.0), (60.0, 25.0), (30.0, 7.0)])
    func longRunRateMatchesTheLimit(source: Double, limit: Double) {
        let count = self.passed(limit: limit, sourceFPS: source, seconds: 10)
        // Within one burst of the exact count.
        #expect(abs(Double(count) - limit * 10) <= 2, "got \(count) for \(limit) fps from \(source) fps")
    }

    @Test func limitAboveSourcePassesEverything() {
        #expect(self.passed(limit: 60, sourceFPS: 30, seconds: 5) == 150)
    }

    @Test func rateChangeTakesEffect() {
        var limiter = FrameRateLimiter(framesPerSecond: 30)
        limiter.setRate(5)
        var count = 0
        for index in 0..<300 where limiter.admit(at: UInt64(index) * 33_333_333) { count += 1 }
        #expect(abs(count - 50) <= 2)
    }
}
