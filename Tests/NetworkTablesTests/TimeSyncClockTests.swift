import Testing

@testable import NetworkTables

struct TimeSyncClockTests {
    @Test func offsetUsesHalfTheRoundTrip() throws {
        var clock = ServerClock()
        #expect(clock.serverTime(localMicros: 0) == nil)
        // Sent at local 1000, server says 50 000 at its end, received at local 1200: rtt 200, server now 50 100.
        let recorded = clock.record(sentLocalMicros: 1_000, serverMicros: 50_000, receivedLocalMicros: 1_200)
        let sample = try #require(recorded)
        #expect(sample.roundTripMicros == 200)
        #expect(sample.offsetMicros == 48_900)
        #expect(clock.serverTime(localMicros: 1_200) == 50_100)
    }

    @Test func keepsTheLowestRoundTripAndIgnoresNegativeOnes() {
        var clock = ServerClock(window: 3)
        clock.record(sentLocalMicros: 0, serverMicros: 10_000, receivedLocalMicros: 1_000)  // rtt 1000
        clock.record(sentLocalMicros: 2_000, serverMicros: 12_050, receivedLocalMicros: 2_100)  // rtt 100, best
        #expect(clock.record(sentLocalMicros: 5_000, serverMicros: 1, receivedLocalMicros: 4_000) == nil)
        clock.record(sentLocalMicros: 3_000, serverMicros: 13_400, receivedLocalMicros: 3_800)  // rtt 800
        #expect(clock.best?.roundTripMicros == 100)
        let best = clock.best
        #expect(best?.offsetMicros == Int64(10_000))  // 12 050 + 100 / 2 - 2 100
    }

    @Test func oldSamplesLeaveTheWindowSoDriftIsFollowed() {
        var clock = ServerClock(window: 2)
        clock.record(sentLocalMicros: 0, serverMicros: 100, receivedLocalMicros: 10)  // rtt 10, offset 95
        clock.record(sentLocalMicros: 100, serverMicros: 300, receivedLocalMicros: 150)  // rtt 50
        clock.record(sentLocalMicros: 200, serverMicros: 400, receivedLocalMicros: 240)  // rtt 40
        #expect(clock.best?.roundTripMicros == 40)
        #expect(clock.hasFullWindow)
        clock.reset()
        #expect(!clock.hasFullWindow)
        #expect(!clock.isSynchronized)
    }
}
