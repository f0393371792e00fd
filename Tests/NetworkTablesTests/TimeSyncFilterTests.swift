import Testing

@testable import NetworkTables

struct TimeSyncFilterTests {
    typealias Pong = TimeSyncPacket.Pong

    /// Feeds a pong for a ping sent at `sent`, received `rtt` later, from a server whose clock is local + `offset`.
    @discardableResult
    func exchange(
        _ filter: inout TimeSyncFilter, sent: Int64, rtt: Int64 = 100, offset: Int64, serverSkew: Int64 = 0
    ) -> TimeSyncFilter.Outcome {
        let server = UInt64(sent + rtt / 2 + offset + serverSkew)
        return filter.record(Pong(clientMicros: UInt64(sent), serverMicros: server), receivedLocalMicros: sent + rtt)
    }

    @Test func offsetFromHalfTheRoundTripAndLowestRoundTripWins() {
        var filter = TimeSyncFilter()
        #expect(filter.robotTime(localMicros: 1_000) == nil)
        #expect(filter.microsSinceLastPong(localMicros: 1_000) == nil)
        // Sent 1 000, server 50 000, received 1 200: offset 50 000 + 100 - 1 200.
        let first = filter.record(Pong(clientMicros: 1_000, serverMicros: 50_000), receivedLocalMicros: 1_200)
        #expect(first == .accepted(.init(roundTripMicros: 200, offsetMicros: 48_900)))
        #expect(filter.robotTime(localMicros: 2_000) == 50_900)
        // A slower exchange whose offset is 40 us lower does not move the estimate...
        exchange(&filter, sent: 10_000, rtt: 2_000, offset: 48_860)
        #expect(filter.offsetMicros == 48_900)
        // ...a faster one does (backward by 40 us: within the step limit).
        exchange(&filter, sent: 20_000, rtt: 20, offset: 48_860)
        #expect(filter.offsetMicros == 48_860)
        #expect(filter.microsSinceLastPong(localMicros: 20_520) == 500)
    }

    @Test func rejectsPongsThatAnswerNoPingOfOurs() {
        var filter = TimeSyncFilter()
        exchange(&filter, sent: 100_000, offset: 5_000)
        let future = filter.record(Pong(clientMicros: 900_000, serverMicros: 1), receivedLocalMicros: 200_000)
        let repeated = filter.record(Pong(clientMicros: 100_000, serverMicros: 105_100), receivedLocalMicros: 200_000)
        let late = filter.record(Pong(clientMicros: 150_000, serverMicros: 155_000), receivedLocalMicros: 900_000)
        for outcome in [future, repeated, late] {
            guard case .rejected = outcome else {
                Issue.record("accepted \(outcome)")
                continue
            }
        }
        #expect(filter.offsetMicros == 5_000)
    }

    @Test func hugeTimesAreRejectedWithoutTrapping() {
        var filter = TimeSyncFilter()
        for server in [UInt64.max, UInt64(Int64.max), 1 << 60] {
            let outcome = filter.record(Pong(clientMicros: 10, serverMicros: server), receivedLocalMicros: 20)
            guard case .rejected = outcome else {
                Issue.record("accepted server time \(server): \(outcome)")
                continue
            }
        }
        // Local times at the ends of the range: no trap.
        var extremes = TimeSyncFilter()
        _ = extremes.record(Pong(clientMicros: 0, serverMicros: 0), receivedLocalMicros: -1)
        _ = extremes.record(Pong(clientMicros: UInt64(Int64.max), serverMicros: 1 << 53), receivedLocalMicros: .max)
        #expect(extremes.robotTime(localMicros: .max) != nil)
        #expect(extremes.robotTime(localMicros: .min) == nil)
        exchange(&filter, sent: 1_000, offset: 1 << 52)
        #expect(filter.robotTime(localMicros: .max) == nil)
        #expect(filter.microsSinceLastPong(localMicros: .min) == 0)
    }

    @Test func backwardsTimesAndJumpsAreIgnoredUntilTheyPersist() {
        var limits = TimeSyncFilter.Limits()
        limits.restartAfter = 3
        var filter = TimeSyncFilter(limits: limits)
        exchange(&filter, sent: 1_000_000, offset: 10_000_000)
        // The server's time goes back 5 s (a garbage answer): ignored, twice.
        for sent: Int64 in [1_100_000, 1_200_000] {
            guard case .rejected = exchange(&filter, sent: sent, offset: 5_000_000) else {
                Issue.record("a backwards pong was accepted")
                return
            }
        }
        exchange(&filter, sent: 1_250_000, offset: 10_000_000)  // agrees: the count starts over
        // A huge forward jump disagrees too.
        guard case .rejected = exchange(&filter, sent: 1_300_000, offset: 900_000_000) else {
            Issue.record("a 15 min jump was accepted")
            return
        }
        exchange(&filter, sent: 1_400_000, offset: 5_000_000)
        #expect(filter.offsetMicros == 10_000_000)
        // The third in a row: the robot's clock restarted.
        guard case .restarted = exchange(&filter, sent: 1_600_000, offset: 5_000_000) else {
            Issue.record("a persistent new time base was not taken")
            return
        }
        #expect(filter.offsetMicros == 5_000_000)
    }

    @Test func theAppliedOffsetGoesBackByAtMostTheStepPerPongAfterTheWarmUp() {
        var filter = TimeSyncFilter()
        // The first pong waited 20 ms (offset 10 ms off); the warm-up's fast pongs correct it at once.
        exchange(&filter, sent: 1_000, rtt: 20_000, offset: 100_000, serverSkew: 10_000)
        #expect(filter.offsetMicros == 110_000)
        exchange(&filter, sent: 50_000, rtt: 1_000, offset: 100_000)
        #expect(filter.offsetMicros == 100_000)
        for i in 0..<filter.limits.warmUp { exchange(&filter, sent: 60_000 + Int64(i) * 1_000, rtt: 1_000, offset: 100_000) }
        // A faster exchange says the offset is 10 ms lower (within the jump limit): applied 1 ms per pong.
        var previous = filter.offsetMicros ?? 0
        for i in 1...12 {
            exchange(&filter, sent: 1_000 + Int64(i) * 100_000, rtt: 10, offset: 90_000)
            let applied = filter.offsetMicros ?? 0
            #expect(previous - applied <= filter.limits.maxBackwardStepMicros)
            previous = applied
        }
        #expect(filter.offsetMicros == 90_000)
        // Forward at once.
        exchange(&filter, sent: 2_000_000, rtt: 4, offset: 95_000)
        #expect(filter.offsetMicros == 95_000)
    }

    @Test func memoryIsBoundedByTheWindow() {
        var filter = TimeSyncFilter()
        for i in 0..<10_000 { exchange(&filter, sent: Int64(i) * 1_000 + 1, rtt: 100 + Int64(i % 7), offset: 42) }
        #expect(filter.best?.offsetMicros == 42)
        #expect(filter.offsetMicros == 42)
    }
}
