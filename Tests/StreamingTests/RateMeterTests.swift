import Testing

@testable import Streaming

@Suite struct RateMeterTests {
    @Test func measuresSteadyRate() {
        var meter = RateMeter()
        var time: UInt64 = 5_000_000_000
        for _ in 0..<90 {
            meter.record(bytes: 1000, at: time)
            time += 33_333_333
        }
        let rates = meter.rates(at: time)
        #expect(abs(rates.eventsPerSecond - 30) <= 3)
        #expect(abs(rates.bytesPerSecond - 30_000) <= 3000)
    }

    @Test func forgetsOldEvents() {
        var meter = RateMeter()
        meter.record(bytes: 1_000_000, at: 1_000_000_000)
        #expect(meter.rates(at: 1_050_000_000).bytesPerSecond == 1_000_000)
        #expect(meter.rates(at: 3_000_000_000).bytesPerSecond == 0)
        #expect(meter.rates(at: 3_000_000_000).eventsPerSecond == 0)
    }
}
